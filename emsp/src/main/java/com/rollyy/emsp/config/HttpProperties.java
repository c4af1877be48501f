package com.rollyy.emsp.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what callers may send ({@code rollyy.http.*}).
 *
 * @param maxBodyBytes the largest request body read; a larger one is refused with 413 before
 *                     it is parsed (ROLLYY_HTTP_MAX_BODY_BYTES)
 */
@ConfigurationProperties("rollyy.http")
public record HttpProperties(@DefaultValue("4194304") int maxBodyBytes) {
}
