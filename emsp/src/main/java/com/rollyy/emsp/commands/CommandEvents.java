package com.rollyy.emsp.commands;

import java.util.UUID;

/** What the commands package tells others. */
public final class CommandEvents {

    private CommandEvents() {
    }

    /**
     * A CPO posted the result of a command; published in the transaction that recorded it, once
     * per command. {@code late} when it came after we had given up waiting.
     */
    public record ResultReceived(UUID commandId, UUID connectionId, CommandType command, String jobSessionId,
                                 CommandResult.Type result, String message, boolean late) {
    }

    /**
     * The deadline of a command passed (the CPO's timeout plus our grace): no result came, or, for
     * a START_SESSION, the result was ACCEPTED ({@code resultAccepted}) and the listener checks that
     * a Session followed. Published outside any transaction so listeners may call the CPO (e.g.
     * pull its sessions) before deciding.
     */
    public record Expired(UUID commandId, UUID connectionId, CommandType command, String jobSessionId,
                          boolean acceptedByCpo, boolean resultAccepted) {
    }
}
