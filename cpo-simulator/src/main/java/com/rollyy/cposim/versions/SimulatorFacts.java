package com.rollyy.cposim.versions;

import java.util.Map;
import java.util.Optional;

/** What a translation needs to know of the simulator beyond the message itself. */
public interface SimulatorFacts {

    /** The base URL the simulator advertises, e.g. {@code http://127.0.0.1:PORT}. */
    String baseUrl();

    /** A Location of the dataset in the 2.2.1 shape, by id; empty when unknown. */
    Optional<Map<String, Object>> location(String locationId);

    /** The registered eMSP's role ({@code country_code}, {@code party_id}, ...); empty when not registered. */
    Optional<Map<String, Object>> emspParty();
}
