package com.rollyy.emsp.console;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import com.rollyy.emsp.connections.Connection;
import com.rollyy.emsp.connections.PullStates;
import com.rollyy.emsp.ocpi.PeerCallHistory;
import com.rollyy.emsp.ocpi.PeerCircuits;
import com.rollyy.emsp.sync.SyncService;

/**
 * One connection on the Overview and the Connections page (templates/console/connections-table.html), as GET /ocpi/connections shows it: who, which party and
 * role, its status and version, the modules we use from it, the circuit of its host, the OCPI calls
 * of the last hour ({@code errorRate} in percent) and each module's last pull.
 */
record ConsoleConnectionRow(UUID id, String cpoName, String party, String roles, String status, String version,
                            List<String> modules, String circuit, long callsLastHour, String errorRate, String hub,
                            List<ConsoleConnectionRow.PullRow> pulls) {

    static ConsoleConnectionRow of(Connection c, PeerCircuits circuits, PeerCallHistory.Counts calls,
                                   List<PullStates.PullState> pulled) {
        return new ConsoleConnectionRow(c.id(), c.cpoName(),
                c.countryCode() == null ? "" : c.countryCode() + "/" + c.partyId(),
                c.roles().stream().map(r -> r.role().name()).distinct().collect(Collectors.joining(", ")),
                c.status().name().toLowerCase(Locale.ROOT), c.version() == null ? "" : c.version(), c.modulesUsed(),
                c.versionsUrl() == null ? "" : circuits.stateOf(c.versionsUrl()), calls.calls(),
                String.format(Locale.ROOT, "%.1f %%", 100 * calls.errorRate()), c.hub(),
                pulled.stream().map(p -> new PullRow(p.module(),
                        p.lastSuccessAt() == null ? "never" : p.lastSuccessAt().toString(), p.lastError())).toList());
    }

    /** A module's last successful pull, and the error of the last one when it failed. */
    record PullRow(String module, String lastSuccess, String lastError) {
    }

    /** A pull's answer in one sentence: how many objects, and what became of them. */
    static String describe(SyncService.SyncResult r) {
        String rejected = r.rejections().isEmpty() ? "" : " Refused: " + r.rejections().stream()
                .map(x -> x.object() + " (" + x.reason() + ")").collect(Collectors.joining("; ")) + ".";
        return "Pulled " + r.module() + ": " + r.synced() + " object" + (r.synced() == 1 ? "" : "s") + " ("
                + r.updated() + " updated, " + r.unchanged() + " unchanged, " + r.rejected() + " rejected), "
                + (r.full() ? "full pull" : "changes since " + r.dateFrom()) + ", in " + r.durationMs() + " ms."
                + rejected;
    }
}
