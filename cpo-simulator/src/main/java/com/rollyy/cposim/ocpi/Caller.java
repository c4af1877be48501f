package com.rollyy.cposim.ocpi;

/** Which kind of token the caller presented. */
public enum Caller {
    /** The one-time registration token A: versions, details and credentials only. */
    TOKEN_A,
    /** The token the simulator issued to the registered eMSP. */
    PEER,
    /** A token issued during an ongoing handshake/rotation, accepted so the eMSP can call back. */
    PENDING
}
