package com.rollyy.emsp.tokens;

import com.rollyy.emsp.ocpi.types.DisplayText;

/** The answer to a real-time authorization (OCPI AuthorizationInfo). */
public record AuthorizationInfo(Allowed allowed, Token token, LocationReferences location,
                                String authorizationReference, DisplayText info) {

    public enum Allowed { ALLOWED, BLOCKED, EXPIRED, NO_CREDIT, NOT_ALLOWED }
}
