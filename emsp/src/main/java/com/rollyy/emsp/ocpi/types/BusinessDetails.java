package com.rollyy.emsp.ocpi.types;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** OCPI BusinessDetails: name, website, logo. */
public record BusinessDetails(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 255) String website,
        @Valid Image logo) {

    /** OCPI Image. */
    public record Image(@NotBlank @Size(max = 255) String url, @Size(max = 255) String thumbnail,
                        @NotBlank String category, @NotBlank @Size(max = 4) String type,
                        Integer width, Integer height) {
    }
}
