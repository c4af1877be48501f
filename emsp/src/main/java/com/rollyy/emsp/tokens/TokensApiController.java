package com.rollyy.emsp.tokens;

import java.util.Arrays;
import java.util.List;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;

/**
 * The product API on tokens (X-API-Key). Revocation sits in the OCPI URL space because the
 * issue puts it there; it is still a product call, never an OCPI one.
 */
@RestController
class TokensApiController {

    private final TokenService service;

    TokensApiController(TokenService service) {
        this.service = service;
    }

    @PostMapping("/v1/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    StoredToken create(@Valid @RequestBody NewToken token) {
        return service.create(token);
    }

    @GetMapping("/v1/tokens")
    List<StoredToken> list(@RequestParam(name = "fleet_id", required = false) String fleetId,
                           @RequestParam(name = "robot_id", required = false) String robotId,
                           @RequestParam(required = false) Boolean valid,
                           @RequestParam(defaultValue = "100") int limit,
                           @RequestParam(defaultValue = "0") int offset) {
        return service.list(fleetId, robotId, valid, limit, offset);
    }

    @GetMapping("/v1/tokens/{uid}")
    StoredToken get(@PathVariable String uid, @RequestParam(required = false) String type) {
        return service.resolve(uid, type(type));
    }

    @PatchMapping("/v1/tokens/{uid}")
    StoredToken change(@PathVariable String uid, @RequestParam(required = false) String type,
                       @Valid @RequestBody TokenChange change) {
        return service.change(uid, type(type), change);
    }

    @DeleteMapping(TokensController.BASE + "/{uid}")
    TokenService.Revocation revoke(@PathVariable String uid, @RequestParam(required = false) String type) {
        return service.revoke(uid, type(type));
    }

    private static Token.Type type(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return Token.Type.valueOf(type.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'type' must be one of " + Arrays.toString(Token.Type.values()));
        }
    }
}
