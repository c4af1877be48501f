package com.rollyy.emsp.connections;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The OCPI 2.2.1 Credentials object. */
public record Credentials(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[\\x21-\\x7E]*", message = "must be printable ASCII without spaces")
        String token,
        @NotBlank @Size(max = 255) @Pattern(regexp = "(?i)https?://.+", message = "must be an http(s) URL")
        String url,
        @NotEmpty List<@Valid CredentialsRole> roles) {

    @Override
    public String toString() {
        return "Credentials[url=" + url + ", roles=" + roles + "]";
    }
}
