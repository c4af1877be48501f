package com.rollyy.emsp.commands;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.rollyy.emsp.ocpi.types.DisplayText;

/** The CPO's asynchronous result, POSTed to the command's response_url. */
public record CommandResult(@NotNull Type result, List<@NotNull @Valid DisplayText> message) {

    public enum Type {
        ACCEPTED, CANCELED_RESERVATION, EVSE_OCCUPIED, EVSE_INOPERATIVE, FAILED, NOT_SUPPORTED, REJECTED, TIMEOUT,
        UNKNOWN_RESERVATION
    }

    public String text() {
        return message == null || message.isEmpty() ? null : message.get(0).text();
    }
}
