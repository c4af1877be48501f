package com.rollyy.emsp.locations;

/** What a PUT or PATCH from a CPO did: HTTP 201, 200, or 200 with nothing changed. */
public enum WriteResult {
    CREATED, UPDATED, STALE
}
