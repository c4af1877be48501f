package com.rollyy.cposim;

/**
 * An authenticated incoming request as the handlers see it.
 *
 * @param method      upper-case HTTP method
 * @param path        path without query and without trailing slash
 * @param body        UTF-8 body, empty when none
 * @param callerToken the decoded credentials token the caller authenticated with
 * @param caller      which kind of token that is
 */
record Inbound(String method, String path, String body, String callerToken, RegistrationState.Caller caller) {
}
