package com.rollyy.emsp.sync;

import java.time.Instant;

import com.rollyy.emsp.connections.PeerLink;

/**
 * One module's pull from a CPO's Sender interface: stream every object from {@code url}
 * (filtered from {@code dateFrom} when incremental), store what is new, and tag what it saw
 * with {@code syncRun} so a full pull can retire what the CPO no longer returns.
 */
public interface PullSync {

    /** The OCPI module identifier, e.g. "locations". */
    String module();

    SyncCounts pull(PeerLink peer, String url, Instant dateFrom, long syncRun);

    /** After a successful full pull: objects of this connection not seen in {@code syncRun} are no longer valid. */
    int retireUnseen(PeerLink peer, long syncRun);

    record SyncCounts(int updated, int unchanged, int rejected) {

        public int synced() {
            return updated + unchanged;
        }

        public SyncCounts plus(SyncCounts other) {
            return new SyncCounts(updated + other.updated, unchanged + other.unchanged, rejected + other.rejected);
        }
    }
}
