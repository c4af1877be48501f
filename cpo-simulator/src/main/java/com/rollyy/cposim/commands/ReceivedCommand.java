package com.rollyy.cposim.commands;

import java.time.Instant;

/**
 * A command the eMSP sent to {@code POST /ocpi/2.2.1/commands/{command}}, as received.
 *
 * @param command     the path segment, e.g. {@code START_SESSION} (as sent, even when unknown)
 * @param body        the request body
 * @param responseUrl the body's {@code response_url}, or null when it had none
 * @param receivedAt  when the request arrived
 * @param result      the CommandResponse result the simulator answered ({@code ACCEPTED}, ...), or
 *                    null when it answered without one (malformed body, missing field)
 */
public record ReceivedCommand(String command, String body, String responseUrl, Instant receivedAt, String result) {
}
