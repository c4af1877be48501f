package com.rollyy.emsp.connections;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How the pulls from a connection's Sender interfaces went, per module (the sync package keeps
 * them and implements this, so connections need not know it).
 */
public interface PullStates {

    /**
     * @param lastSuccessAt when a pull of the module last succeeded; null: never
     * @param lastError     why the last pull failed; null when it succeeded (or none ran)
     * @param lastCount     objects the last successful pull read
     * @param running       a pull of the module is running now (on any instance)
     */
    record PullState(String module, Instant lastSuccessAt, String lastError, Integer lastCount, boolean running) {
    }

    /** Every module pulled from the connection so far, by module name. */
    List<PullState> of(UUID connectionId);

    /** The same for every connection at once (one read for a list of connections). */
    java.util.Map<UUID, List<PullState>> all();
}
