package com.rollyy.emsp.chargingprofiles;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timing of smart charging ({@code rollyy.charging-profiles.*}).
 *
 * @param resultGrace      added to the CPO's {@code timeout} before a request without result is
 *                         marked {@code no_result} (spec: past the timeout the result may never come)
 * @param tooOftenBackoff  after a CPO answered TOO_OFTEN, new requests for that session are refused
 *                         here (429 with Retry-After) for this long instead of hammering the CPO
 */
@ConfigurationProperties("rollyy.charging-profiles")
public record ChargingProfilesProperties(@DefaultValue("2m") Duration resultGrace,
                                         @DefaultValue("60s") Duration tooOftenBackoff) {
}
