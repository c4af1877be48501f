package com.rollyy.cposim;

/** How {@code GET /ocpi/versions} misbehaves, to drive a peer's 3001/3002 paths. */
public enum VersionsFailure {
    /** Answer normally. */
    NONE,
    /** HTTP 500 with a plain-text body (no OCPI envelope). */
    HTTP_500,
    /** HTTP 200 with an HTML page instead of JSON. */
    NOT_JSON,
    /** A valid envelope that lists only version 2.1.1, so there is no mutual version. */
    NO_2_2_1,
    /** Drop the connection without sending any response bytes. */
    CLOSE_CONNECTION
}
