package com.rollyy.emsp.tokens;

import com.rollyy.emsp.ocpi.CiString;

/** A token's identity: uid (a CiString, so compared upper-cased) and type. */
public record TokenKey(String uidKey, Token.Type type) {

    public static TokenKey of(String uid, Token.Type type) {
        return new TokenKey(CiString.key(uid), type);
    }
}
