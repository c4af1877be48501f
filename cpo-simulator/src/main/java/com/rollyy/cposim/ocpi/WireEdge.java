package com.rollyy.cposim.ocpi;

import java.util.Optional;

/**
 * The edge between the simulator's one internal model (OCPI 2.2.1 objects under
 * {@code /ocpi/2.2.1}) and the OCPI version it speaks on the wire. Everything the simulator
 * receives passes {@link #toModel(Inbound)} and every answer {@link #toWire(Inbound, Reply)};
 * everything it sends passes {@link #toWire(String, String, String, String)} and the parts of the
 * peer's answers it reads {@link #toModel(String, Object)}. {@link #V221} changes nothing; the
 * other versions live in {@code com.rollyy.cposim.versions}.
 */
public interface WireEdge {

    /** The version spoken, e.g. {@code 2.1.1}. */
    String version();

    /**
     * A request as it arrived (path under {@code /ocpi/<version>}) as the model's handlers take it
     * (path under {@code /ocpi/2.2.1}, body in the 2.2.1 shape); empty when this version has no such path.
     */
    Optional<Inbound> toModel(Inbound wire);

    /** Our answer to {@code request} (the model request) in the wire's shape. */
    Reply toWire(Inbound request, Reply reply);

    /**
     * A body the simulator sends to the peer, in the wire's shape.
     *
     * @param module  the peer's module the URL belongs to ({@code locations}, {@code sessions}, ...), or
     *                {@code response_url} for a command's result
     * @param subPath the URL's path after the module's URL, e.g. {@code NL/SIM/LOC000001}; empty for none
     * @param body    JSON in the 2.2.1 shape, or null
     */
    String toWire(String module, String method, String subPath, String body);

    /** The {@code data} of a peer's answer the simulator reads ({@code versions} = version details, {@code credentials}) in the model's shape. */
    Object toModel(String module, Object data);

    /** Whether requests carry the OCPI-from/to routing headers (not in 2.1.1). */
    default boolean routingHeaders() {
        return true;
    }

    /** Whether the Authorization header carries the raw token (2.1.1) rather than its Base64 form. */
    default boolean rawTokens() {
        return false;
    }

    /**
     * The edge that handles a request on {@code path}: itself, or, when several versions are
     * offered, the one whose URL tree the path is in. A credentials POST or PUT on a version's tree
     * makes that version the one spoken from then on (the eMSP chose it).
     */
    default WireEdge at(String method, String path) {
        return this;
    }

    /** The versions offered, the preferred (highest) first. */
    default java.util.List<String> versions() {
        return java.util.List.of(version());
    }

    /** Speaks {@code version} from now on, if it is one of {@link #versions()}. */
    default void use(String version) {
    }

    /** OCPI 2.2.1, the model itself: nothing is translated. */
    WireEdge V221 = new WireEdge() {
        @Override
        public String version() {
            return OcpiPaths.VERSION;
        }

        @Override
        public Optional<Inbound> toModel(Inbound wire) {
            return Optional.of(wire);
        }

        @Override
        public Reply toWire(Inbound request, Reply reply) {
            return reply;
        }

        @Override
        public String toWire(String module, String method, String subPath, String body) {
            return body;
        }

        @Override
        public Object toModel(String module, Object data) {
            return data;
        }
    };
}
