package com.rollyy.emsp.chargingprofiles;

/**
 * The CPO's synchronous answer: ACCEPTED, NOT_SUPPORTED, REJECTED, TOO_OFTEN or UNKNOWN_SESSION,
 * and how long (seconds) it may take for the result to be posted.
 */
record ChargingProfileResponse(String result, Integer timeout) {
}
