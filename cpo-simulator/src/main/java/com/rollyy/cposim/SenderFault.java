package com.rollyy.cposim;

/**
 * How the simulator's Sender interfaces (the Locations, Tariffs, Sessions and CDRs lists and
 * single Locations) and its Commands receiver misbehave; see
 * {@link SimulatorKnobs#setSenderFault(SenderFault, int, int)}. The request is not handled when
 * the fault replaces the answer (a START_SESSION answered 503 starts nothing); it is handled when
 * the fault only damages or delays the answer ({@link #SLOW}, the two truncations, the Links).
 */
public enum SenderFault {
    /** Answer normally. */
    NONE,
    /** HTTP 503 with a plain-text body, as a proxy in front of a CPO that is down answers. */
    HTTP_503,
    /** HTTP 429 with {@code Retry-After: retryAfterSeconds} and a plain-text body. */
    TOO_MANY_REQUESTS,
    /** HTTP 200 with an HTML page instead of JSON. */
    NOT_JSON,
    /** Drop the connection without sending any response bytes. */
    CLOSE_CONNECTION,
    /** Sleep {@code slowMillis}, then answer normally (a peer slower than the caller's timeouts). */
    SLOW,
    /**
     * The answer's status and headers with a Content-Length of the whole body, then only the first
     * half of the body, then the connection is closed: a transfer cut off mid-object.
     */
    TRUNCATED_CONNECTION,
    /**
     * A complete HTTP answer whose body is only the first half of the JSON (valid start, cut off
     * mid-object), with a matching Content-Length: a peer that serialised half a page.
     */
    TRUNCATED_BODY,
    /** Lists only: a normal page whose {@code Link} points to the very URL just requested. */
    LINK_TO_SAME_PAGE,
    /** Lists only: a normal page whose {@code Link} points back to the first page (offset 0, same filters). */
    LINK_TO_FIRST_PAGE,
    /**
     * Lists only: every page, the last one and the empty ones past the end included, has a
     * {@code Link} to the next offset, so following Links never ends (empty pages forever).
     */
    LINK_PAST_THE_END,
    /**
     * Lists only: an empty page ({@code data: []}, the usual X-Total-Count) with a {@code Link} to
     * the next offset: pages that come back empty but never end.
     */
    EMPTY_PAGES;

    /** Whether the fault concerns pagination, so it only applies to list pages. */
    public boolean listsOnly() {
        return this == LINK_TO_SAME_PAGE || this == LINK_TO_FIRST_PAGE || this == LINK_PAST_THE_END
                || this == EMPTY_PAGES;
    }
}
