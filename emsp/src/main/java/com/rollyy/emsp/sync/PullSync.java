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

    /** How many objects a pull wrote, found unchanged and refused, with the first refusals and why. */
    record SyncCounts(int updated, int unchanged, int rejected, java.util.List<Rejection> rejections) {

        /** How many refusals a pull answer names; every one is logged. */
        public static final int NAMED = 20;

        public SyncCounts {
            rejections = rejections == null ? java.util.List.of() : java.util.List.copyOf(rejections);
        }

        public SyncCounts(int updated, int unchanged, int rejected) {
            this(updated, unchanged, rejected, java.util.List.of());
        }

        public static SyncCounts rejected(Rejection rejection) {
            return new SyncCounts(0, 0, 1, java.util.List.of(rejection));
        }

        public int synced() {
            return updated + unchanged;
        }

        public SyncCounts plus(SyncCounts other) {
            var named = new java.util.ArrayList<>(rejections);
            other.rejections.stream().limit(Math.max(0, NAMED - named.size())).forEach(named::add);
            return new SyncCounts(updated + other.updated, unchanged + other.unchanged, rejected + other.rejected,
                    named);
        }
    }

    /**
     * A pulled object we refused: its key ("CC/PID/id"), why, and when another connection owns
     * it, which one ({@code heldBy}).
     */
    record Rejection(String object, String reason, java.util.UUID heldBy) {
    }
}
