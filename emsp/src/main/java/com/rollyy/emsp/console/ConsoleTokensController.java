package com.rollyy.emsp.console;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.tokens.StoredToken;
import com.rollyy.emsp.tokens.Token;
import com.rollyy.emsp.tokens.TokenPush;
import com.rollyy.emsp.tokens.TokenService;

/**
 * The Tokens page (docs/console.md): search our tokens, one token's fields and where its changes
 * were pushed, and revoking it, the product API's revocation (valid=false, pushed to every CPO).
 */
@Controller
class ConsoleTokensController {

    static final int PAGE_SIZE = 100;
    private static final int PUSHES_SHOWN = 100;

    private final TokenService tokens;
    private final Peers peers;

    ConsoleTokensController(TokenService tokens, Peers peers) {
        this.tokens = tokens;
        this.peers = peers;
    }

    /** A push as the token page shows it: the connection by name. */
    record PushRow(String connection, Instant version, String method, Instant scheduledAt, String outcome,
                   int attempts, String lastError, Instant finishedAt) {
    }

    @GetMapping("/console/tokens")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
                  @RequestParam(defaultValue = "0") String page, Model model) {
        model.addAttribute("page", "tokens");
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("status", status == null ? "" : status);
        Boolean valid = null;
        int current = 0;
        String problem = null;
        if ("valid".equals(status)) {
            valid = true;
        } else if ("invalid".equals(status)) {
            valid = false;
        } else if (status != null && !status.isBlank()) {
            problem = "Status must be valid, invalid or any";
        }
        try {
            current = Integer.parseInt(page.strip());
            if (current < 0 || current > 10_000) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problem = "Page must be a whole number from 0 to 10000";
            current = 0;
        }
        if (q != null && q.length() > 64) {
            problem = "Search (uid, contract id or visual number) is at most 64 characters";
        }
        List<StoredToken> found = problem != null ? List.of()
                : tokens.search(q, valid, PAGE_SIZE + 1, current * PAGE_SIZE);
        if (problem != null) {
            model.addAttribute("problem", problem); // else keep a redirect's flash message
        }
        model.addAttribute("tokens", found.stream().limit(PAGE_SIZE).toList());
        model.addAttribute("current", current);
        model.addAttribute("hasNext", found.size() > PAGE_SIZE);
        return "console/tokens";
    }

    @GetMapping("/console/tokens/token")
    String token(@RequestParam(required = false) String uid, @RequestParam(required = false) String type, Model model,
                 RedirectAttributes redirect) {
        var token = find(uid, type, redirect);
        if (token.isEmpty()) {
            return "redirect:/console/tokens";
        }
        model.addAttribute("page", "tokens");
        model.addAttribute("token", token.get());
        addPushes(token.get(), model);
        return "console/token";
    }

    /** The pushes table alone, polled by htmx while a push is still under way. */
    @GetMapping("/console/tokens/pushes")
    String pushes(@RequestParam String uid, @RequestParam String type, Model model, RedirectAttributes redirect) {
        var token = find(uid, type, redirect);
        if (token.isEmpty()) {
            return "redirect:/console/tokens";
        }
        model.addAttribute("token", token.get());
        addPushes(token.get(), model);
        return "console/token :: pushes";
    }

    /** The confirmation: what revoking will do, with the final button. */
    @GetMapping("/console/tokens/revoke")
    String confirmRevoke(@RequestParam(required = false) String uid, @RequestParam(required = false) String type,
                         Model model, RedirectAttributes redirect) {
        var token = find(uid, type, redirect);
        if (token.isEmpty()) {
            return "redirect:/console/tokens";
        }
        var names = peers.summaries();
        model.addAttribute("page", "tokens");
        model.addAttribute("token", token.get());
        model.addAttribute("targets", tokens.pushTargets().stream().map(id -> name(names, id)).toList());
        return "console/token-revoke";
    }

    @PostMapping("/console/tokens/revoke")
    String revokeToken(@RequestParam(required = false) String uid, @RequestParam(required = false) String type,
                       HttpServletRequest request, RedirectAttributes redirect) {
        var token = find(uid, type, redirect);
        if (token.isEmpty()) {
            return "redirect:/console/tokens";
        }
        var revocation = tokens.revoke(token.get().uid(), token.get().type());
        ConsoleModel.auditDetail(request, Map.of("uid", revocation.uid(), "type", revocation.type().name(),
                "pushed_to", revocation.pushedTo()));
        ConsoleModel.notice(redirect, "Token " + revocation.uid() + " (" + revocation.type() + ") revoked: valid=false,"
                + " pushed to " + revocation.pushedTo() + (revocation.pushedTo() == 1 ? " connection" : " connections"));
        return "redirect:" + tokenPath(revocation.uid(), revocation.type());
    }

    static String tokenPath(String uid, Token.Type type) {
        return UriComponentsBuilder.fromPath("/console/tokens/token").queryParam("uid", "{uid}")
                .queryParam("type", type.name()).encode().buildAndExpand(uid).toUriString();
    }

    private void addPushes(StoredToken token, Model model) {
        var names = peers.summaries();
        List<TokenPush> pushes = tokens.pushes(token.uid(), token.type(), PUSHES_SHOWN);
        model.addAttribute("pushes", pushes.stream().map(p -> new PushRow(name(names, p.connectionId()), p.version(),
                p.method(), millis(p.scheduledAt()), p.outcome().name().toLowerCase(java.util.Locale.ROOT), p.attempts(),
                p.lastError(), millis(p.finishedAt()))).toList());
        model.addAttribute("pushesUnderWay", pushes.stream().anyMatch(p -> p.outcome() == TokenPush.Outcome.PENDING
                || p.outcome() == TokenPush.Outcome.RETRYING));
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static String name(Map<UUID, Peers.Summary> names, UUID id) {
        var summary = names.get(id);
        return summary == null ? id.toString() : summary.name() + (summary.countryCode() == null ? ""
                : " (" + summary.countryCode() + "/" + summary.partyId() + ")");
    }

    /** The token named by the parameters; empty (with a problem message naming the field) when there is none. */
    private Optional<StoredToken> find(String uid, String type, RedirectAttributes redirect) {
        if (uid == null || uid.isBlank()) {
            ConsoleModel.problem(redirect, "Token uid is missing");
            return Optional.empty();
        }
        Token.Type parsed;
        try {
            parsed = type == null || type.isBlank() ? null : Token.Type.valueOf(type.strip());
        } catch (IllegalArgumentException e) {
            ConsoleModel.problem(redirect, "Token type must be one of " + Arrays.toString(Token.Type.values()));
            return Optional.empty();
        }
        try {
            return Optional.of(tokens.resolve(uid, parsed));
        } catch (ApiException e) {
            ConsoleModel.problem(redirect, e.getMessage());
            return Optional.empty();
        }
    }
}
