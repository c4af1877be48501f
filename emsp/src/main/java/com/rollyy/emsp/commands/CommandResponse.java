package com.rollyy.emsp.commands;

import java.util.List;

import com.rollyy.emsp.ocpi.types.DisplayText;

/** The CPO's synchronous answer to a command. */
public record CommandResponse(Type result, Integer timeout, List<DisplayText> message) {

    public enum Type { ACCEPTED, NOT_SUPPORTED, REJECTED, UNKNOWN_SESSION }

    /** The first message text, if any, for people. */
    public String text() {
        return message == null || message.isEmpty() || message.get(0) == null ? null : message.get(0).text();
    }
}
