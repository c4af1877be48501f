package com.rollyy.emsp.ocpi.types;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** OCPI DisplayText: a text in one language (ISO 639-1). */
public record DisplayText(@NotBlank @Size(max = 2) String language, @NotNull @Size(max = 512) String text) {
}
