package com.rollyy.emsp.ocpi;

import java.util.Optional;

/** Maps a credentials token presented to us to the peer it was issued to. */
public interface OcpiTokenAuthenticator {

    Optional<OcpiCaller> authenticate(String token);
}
