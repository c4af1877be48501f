package com.rollyy.emsp.chargingprofiles;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;

/**
 * Product API for users (a JWT, see api/UserJwtSecurity): cap a robot session's charging power,
 * clear the cap, read the state. A user reaches only sessions of the fleets its token names.
 */
@RestController
class ChargingProfilesController {

    /** The claim naming the user's fleet; {@code fleet_ids} (an array) is accepted too. */
    static final String FLEET_CLAIM = "fleet_id";
    static final String FLEETS_CLAIM = "fleet_ids";
    private static final String PATH = "/v1/sessions/{sessionId}/charging-profile";

    private final ChargingProfileService service;

    ChargingProfilesController(ChargingProfileService service) {
        this.service = service;
    }

    @GetMapping(PATH)
    ChargingProfileState get(@AuthenticationPrincipal Jwt jwt, @PathVariable String sessionId) {
        return service.state(service.session(sessionId, fleets(jwt)));
    }

    @PostMapping(PATH)
    ResponseEntity<ChargingProfileState> set(@AuthenticationPrincipal Jwt jwt, @PathVariable String sessionId,
                                             @RequestBody(required = false) ChargingProfileService.SetRequest request) {
        var session = service.session(sessionId, fleets(jwt));
        var answer = service.set(session, request);
        return ResponseEntity.status(answer.httpStatus()).body(answer.state());
    }

    @DeleteMapping(PATH)
    ResponseEntity<ChargingProfileState> clear(@AuthenticationPrincipal Jwt jwt, @PathVariable String sessionId) {
        var answer = service.clear(service.session(sessionId, fleets(jwt)));
        return ResponseEntity.status(answer.httpStatus()).body(answer.state());
    }

    private static List<String> fleets(Jwt jwt) {
        var fleets = new ArrayList<String>();
        if (jwt != null) {
            Object one = jwt.getClaims().get(FLEET_CLAIM);
            if (one instanceof String s && !s.isBlank()) {
                fleets.add(s.strip());
            }
            if (jwt.getClaims().get(FLEETS_CLAIM) instanceof List<?> many) {
                many.stream().filter(f -> f instanceof String s && !s.isBlank()).map(f -> ((String) f).strip())
                        .forEach(fleets::add);
            }
        }
        if (fleets.isEmpty()) {
            throw new ApiException(org.springframework.http.HttpStatus.FORBIDDEN, "no_fleet",
                    "The token names no fleet (claim '" + FLEET_CLAIM + "' or '" + FLEETS_CLAIM + "')");
        }
        return fleets;
    }
}
