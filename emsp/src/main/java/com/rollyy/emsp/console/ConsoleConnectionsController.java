package com.rollyy.emsp.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.Connection;
import com.rollyy.emsp.connections.ConnectionStatus;
import com.rollyy.emsp.connections.HandshakeService;
import com.rollyy.emsp.connections.PullStates;
import com.rollyy.emsp.connections.RoamingHubs;
import com.rollyy.emsp.ocpi.PeerCallHistory;
import com.rollyy.emsp.ocpi.PeerCircuits;
import com.rollyy.emsp.ocpi.RateLimiter;
import com.rollyy.emsp.sync.SyncService;

/**
 * The Connections page (docs/console.md, "Connections"): partner connections and roaming hubs,
 * and the operator actions on them. Every action goes through the same public service as its
 * product API endpoint: {@link HandshakeService} (POST /ocpi/register, /ocpi/invitations,
 * /ocpi/connections/{id}/rotate, DELETE /ocpi/connections/{id}), {@link SyncService}
 * (POST /ocpi/2.2.1/{module}/sync/{id}) and {@link RoamingHubs} (/v1/roaming/*).
 */
@Controller
class ConsoleConnectionsController {

    private static final Logger log = LoggerFactory.getLogger(ConsoleConnectionsController.class);
    /** The modules an operator may pull now (the POST /ocpi/2.2.1/{module}/sync endpoints). */
    static final List<String> SYNC_MODULES = List.of("locations", "tariffs", "cdrs");
    private static final Set<String> FULL_CAPABLE = Set.of("locations", "tariffs");
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
    private static final String INVITATION = "invitation";

    private final HandshakeService handshake;
    private final SyncService sync;
    private final RoamingHubs roaming;
    private final PeerCircuits circuits;
    private final PeerCallHistory calls;
    private final PullStates pulls;
    private final RateLimiter rateLimiter;

    ConsoleConnectionsController(HandshakeService handshake, SyncService sync, RoamingHubs roaming,
                                 PeerCircuits circuits, PeerCallHistory calls, PullStates pulls,
                                 RateLimiter rateLimiter) {
        this.handshake = handshake;
        this.sync = sync;
        this.roaming = roaming;
        this.circuits = circuits;
        this.calls = calls;
        this.pulls = pulls;
        this.rateLimiter = rateLimiter;
    }

    // ---- pages ----

    @GetMapping("/console/connections")
    String connections(Model model) {
        List<Connection> all = handshake.connections();
        var pulled = pulls.all();
        model.addAttribute("page", "connections");
        model.addAttribute("total", all.size());
        model.addAttribute("connections", all.stream().limit(ConsoleController.LIST_LIMIT)
                .map(c -> ConsoleConnectionRow.of(c, circuits, calls.lastHour(c.id()),
                        pulled.getOrDefault(c.id(), List.of())))
                .toList());
        model.addAttribute("hubs", hubs(all));
        return "console/connections";
    }

    @GetMapping("/console/connections/{id}")
    String connection(@PathVariable String id, Model model, RedirectAttributes redirect) {
        Optional<Connection> found = find(id, redirect);
        if (found.isEmpty()) {
            return "redirect:/console/connections";
        }
        Connection c = found.get();
        model.addAttribute("page", "connections");
        model.addAttribute("c", ConsoleConnectionRow.of(c, circuits, calls.lastHour(c.id()), List.of()));
        model.addAttribute("connection", c);
        model.addAttribute("active", c.status() == ConnectionStatus.ACTIVE);
        model.addAttribute("credentials", ConsoleConnectionCredentials.of(c));
        model.addAttribute("rateLimit", rateLimiter.ocpiLimit(c.id()));
        model.addAttribute("calls", calls.lastHour(c.id()));
        model.addAttribute("pulls", pulls.of(c.id()));
        model.addAttribute("syncModules", SYNC_MODULES.stream()
                .filter(m -> c.modulesUsed().contains(m)).toList());
        model.addAttribute("fullCapable", FULL_CAPABLE);
        model.addAttribute("parties", c.isHub() ? roaming.parties(c.id()) : List.of());
        return "console/connection";
    }

    /** The confirmation of a rotation or an unregistration: what will happen, and the final button. */
    @GetMapping("/console/connections/{id}/{action:rotate|unregister}")
    String confirm(@PathVariable String id, @PathVariable String action, Model model, RedirectAttributes redirect) {
        Optional<Connection> found = find(id, redirect);
        if (found.isEmpty()) {
            return "redirect:/console/connections";
        }
        Connection c = found.get();
        if (c.status() != ConnectionStatus.ACTIVE) {
            ConsoleModel.problem(redirect, "Connection " + c.cpoName() + " is " + status(c)
                    + ": only an active connection can be " + (action.equals("rotate") ? "rotated" : "unregistered"));
            return "redirect:/console/connections/" + c.id();
        }
        model.addAttribute("page", "connections");
        model.addAttribute("c", ConsoleConnectionRow.of(c, circuits, calls.lastHour(c.id()), List.of()));
        model.addAttribute("connection", c);
        return "console/connection-" + action;
    }

    /** Token A of a new invitation, shown once: it comes in the flash of the POST that created it. */
    @GetMapping("/console/connections/invitations/{id}")
    String invitation(@PathVariable String id, Model model, RedirectAttributes redirect) {
        Optional<Connection> found = find(id, redirect);
        if (found.isEmpty()) {
            return "redirect:/console/connections";
        }
        Object shown = model.getAttribute(INVITATION);
        model.addAttribute("page", "connections");
        model.addAttribute("connection", found.get());
        model.addAttribute(INVITATION, shown instanceof ConsoleConnectionInvitation i
                && i.connectionId().equals(found.get().id()) ? i : null);
        return "console/connection-invitation";
    }

    // ---- actions ----

    @PostMapping("/console/connections/register")
    String register(@RequestParam(name = "cpo_name", required = false) String cpoName,
                    @RequestParam(name = "versions_url", required = false) String versionsUrl,
                    @RequestParam(name = "token", required = false) String token,
                    @RequestParam(name = "raw_token", defaultValue = "false") boolean rawToken,
                    HttpServletRequest request, RedirectAttributes redirect) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("cpo_name", cpoName == null ? "" : cpoName.strip());
        detail.put("versions_url", versionsUrl == null ? "" : versionsUrl.strip());
        ConsoleModel.auditDetail(request, detail);
        redirect.addFlashAttribute("registerCpoName", cpoName);
        redirect.addFlashAttribute("registerVersionsUrl", versionsUrl);
        String invalid = blank(cpoName) ? "CPO name is required: a name for this CPO"
                : cpoName.strip().length() > 100 ? "CPO name must be at most 100 characters"
                : blank(versionsUrl) ? "Versions URL is required: the CPO's OCPI versions URL"
                : !HTTP_URL.matcher(versionsUrl.strip()).matches() ? "Versions URL must be an http(s) URL"
                : versionsUrl.strip().length() > 255 ? "Versions URL must be at most 255 characters"
                : blank(token) ? "Token A is required: the token the CPO gave you out of band (has it given you"
                        + " none? Then create an invitation below and let the CPO register with us)"
                : token.strip().length() > 64 ? "Token A must be at most 64 characters" : null;
        if (invalid != null) {
            detail.put("error", invalid);
            ConsoleModel.problem(redirect, invalid);
            return "redirect:/console/connections";
        }
        try {
            Connection c = handshake.register(cpoName.strip(), versionsUrl.strip(), token.strip(), rawToken);
            detail.put("connection_id", c.id().toString());
            ConsoleModel.notice(redirect, "Registered with " + c.cpoName() + " (" + party(c) + "): the connection is "
                    + status(c) + ", modules " + String.join(", ", c.modulesUsed()) + ".");
            return "redirect:/console/connections/" + c.id();
        } catch (ApiException e) {
            detail.put("error", e.code());
            ConsoleModel.problem(redirect, "Registration with " + versionsUrl.strip() + " failed (" + e.code() + "): "
                    + e.getMessage());
            return "redirect:/console/connections";
        }
    }

    @PostMapping("/console/connections/invitations")
    String invite(@RequestParam(name = "cpo_name", required = false) String cpoName,
                  @RequestParam(name = "raw_token", defaultValue = "false") boolean rawToken,
                  HttpServletRequest request, RedirectAttributes redirect) {
        if (cpoName != null && cpoName.strip().length() > 100) {
            ConsoleModel.problem(redirect, "CPO name must be at most 100 characters");
            return "redirect:/console/connections";
        }
        var invitation = handshake.invite(cpoName, rawToken);
        ConsoleModel.auditDetail(request, Map.of("connection_id", invitation.connectionId().toString(),
                "cpo_name", cpoName == null ? "" : cpoName.strip()));
        redirect.addFlashAttribute(INVITATION, ConsoleConnectionInvitation.of(invitation, null));
        return "redirect:/console/connections/invitations/" + invitation.connectionId();
    }

    @PostMapping("/console/connections/{id}/sync")
    String syncNow(@PathVariable String id, @RequestParam(required = false) String module,
                   @RequestParam(defaultValue = "false") boolean full, HttpServletRequest request,
                   RedirectAttributes redirect) {
        Optional<UUID> connectionId = parse(id, redirect);
        if (connectionId.isEmpty()) {
            return "redirect:/console/connections";
        }
        var detail = new LinkedHashMap<String, Object>();
        detail.put("connection_id", connectionId.get().toString());
        detail.put("module", String.valueOf(module));
        ConsoleModel.auditDetail(request, detail);
        if (module == null || !SYNC_MODULES.contains(module)) {
            ConsoleModel.problem(redirect, "Module must be one of " + String.join(", ", SYNC_MODULES)
                    + (module == null ? "" : ", not '" + module + "'"));
            return "redirect:/console/connections/" + connectionId.get();
        }
        try {
            SyncService.SyncResult r = sync.run(connectionId.get(), module, full && FULL_CAPABLE.contains(module));
            detail.put("synced", r.synced());
            ConsoleModel.notice(redirect, ConsoleConnectionRow.describe(r));
        } catch (ApiException e) {
            detail.put("error", e.code());
            ConsoleModel.problem(redirect, "The " + module + " pull did not run (" + e.code() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Console {} pull of {} failed", module, connectionId.get(), e);
            detail.put("error", "failed");
            ConsoleModel.problem(redirect, "The " + module + " pull failed: " + e);
        }
        return "redirect:/console/connections/" + connectionId.get();
    }

    @PostMapping("/console/connections/{id}/rotate")
    String rotate(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
        Optional<UUID> connectionId = parse(id, redirect);
        if (connectionId.isEmpty()) {
            return "redirect:/console/connections";
        }
        var detail = new LinkedHashMap<String, Object>();
        detail.put("connection_id", connectionId.get().toString());
        ConsoleModel.auditDetail(request, detail);
        try {
            Connection c = handshake.rotate(connectionId.get());
            ConsoleModel.notice(redirect, "Credentials rotated with " + c.cpoName()
                    + ": both sides now use new tokens; the old ones no longer work.");
        } catch (ApiException e) {
            detail.put("error", e.code());
            ConsoleModel.problem(redirect, "Rotation failed (" + e.code() + "): " + e.getMessage()
                    + ". The old tokens still work.");
        }
        return "redirect:/console/connections/" + connectionId.get();
    }

    @PostMapping("/console/connections/{id}/unregister")
    String unregister(@PathVariable String id, @RequestParam(defaultValue = "false") boolean force,
                      HttpServletRequest request, RedirectAttributes redirect) {
        Optional<UUID> connectionId = parse(id, redirect);
        if (connectionId.isEmpty()) {
            return "redirect:/console/connections";
        }
        var detail = new LinkedHashMap<String, Object>();
        detail.put("connection_id", connectionId.get().toString());
        detail.put("force", force);
        ConsoleModel.auditDetail(request, detail);
        try {
            Connection c = handshake.unregister(connectionId.get(), force);
            ConsoleModel.notice(redirect, "Unregistered " + c.cpoName() + ": the connection is " + status(c)
                    + ", its tokens no longer work and its charge points are no longer offered.");
        } catch (ApiException e) {
            detail.put("error", e.code());
            ConsoleModel.problem(redirect, "Unregistration failed (" + e.code() + "): " + e.getMessage()
                    + (e.code().equals("cpo_refused") ? " (check \"Unregister on our side even if the CPO does"
                    + " not confirm\" to force it)" : ""));
        }
        return "redirect:/console/connections/" + connectionId.get();
    }

    @PostMapping("/console/connections/hubs/connect")
    String connectHub(@RequestParam(required = false) String hub, HttpServletRequest request,
                      RedirectAttributes redirect) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("hub", String.valueOf(hub));
        ConsoleModel.auditDetail(request, detail);
        try {
            RoamingHubs.Connected connected = roaming.connect(hub);
            if (connected.invitation() != null) {
                detail.put("connection_id", connected.invitation().connectionId().toString());
                redirect.addFlashAttribute(INVITATION, ConsoleConnectionInvitation.of(connected.invitation(),
                        connected.hub()));
                return "redirect:/console/connections/invitations/" + connected.invitation().connectionId();
            }
            Connection c = connected.connection();
            detail.put("connection_id", c.id().toString());
            ConsoleModel.notice(redirect, "Connected to hub " + connected.hub() + " (" + connected.environment()
                    + "): the connection is " + status(c) + ", modules " + String.join(", ", c.modulesUsed()) + ".");
            return "redirect:/console/connections/" + c.id();
        } catch (ApiException e) {
            detail.put("error", e.code());
            ConsoleModel.problem(redirect, "Connecting hub " + hub + " failed (" + e.code() + "): " + e.getMessage());
            return "redirect:/console/connections";
        }
    }

    // ---- helpers ----

    /** Each known hub with its newest connection (active before invited before unregistered) and parties. */
    private List<ConsoleConnectionHub> hubs(List<Connection> all) {
        var result = new ArrayList<ConsoleConnectionHub>();
        for (RoamingHubs.HubView hub : roaming.hubs()) {
            Connection latest = all.stream().filter(c -> hub.name().equalsIgnoreCase(c.hub()))
                    .min(Comparator.comparingInt((Connection c) -> switch (c.status()) {
                        case ACTIVE -> 0;
                        case INVITED -> 1;
                        default -> 2;
                    }).thenComparing(Connection::updatedAt, Comparator.reverseOrder()))
                    .orElse(null);
            result.add(new ConsoleConnectionHub(hub, latest,
                    latest == null ? List.of() : roaming.parties(latest.id()).stream()
                            .limit(ConsoleController.LIST_LIMIT).toList()));
        }
        return result;
    }

    private Optional<Connection> find(String id, RedirectAttributes redirect) {
        return parse(id, redirect).flatMap(uuid -> {
            try {
                return Optional.of(handshake.connection(uuid));
            } catch (ApiException e) {
                ConsoleModel.problem(redirect, "No connection " + uuid);
                return Optional.empty();
            }
        });
    }

    private static Optional<UUID> parse(String id, RedirectAttributes redirect) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            ConsoleModel.problem(redirect, "Connection id '" + id + "' is not a connection id (a UUID)");
            return Optional.empty();
        }
    }

    static String status(Connection c) {
        return c.status().name().toLowerCase(Locale.ROOT);
    }

    static String party(Connection c) {
        return c.countryCode() == null ? "no party yet" : c.countryCode() + "/" + c.partyId();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
