package com.rollyy.emsp.ocpi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which hosts we call. Peers choose the URLs we call (the versions URL of a credentials POST, the
 * endpoints of their version details, the {@code Link} of their pages), so by default a URL whose
 * host is or resolves to a loopback, private, link-local (e.g. a cloud metadata service),
 * carrier-grade NAT, unique-local or multicast address is refused before anything is sent: holding
 * a token A must not let anyone make us call our own network. {@code rollyy.ocpi.allow-private-peers}
 * lifts this for development and tests with a CPO on the same machine or network.
 */
final class PeerAddressPolicy {

    private final boolean allowPrivate;

    PeerAddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Null when the URI may be called, else why not. */
    String refusal(URI uri) {
        if (allowPrivate) {
            return null;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "unknown host " + host;
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return "host " + host + " is a private address (" + address.getHostAddress()
                        + "); set ROLLYY_OCPI_ALLOW_PRIVATE_PEERS=true to call peers on your own network";
            }
        }
        return null;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:a.b.c.d is judged by its IPv4 part (done by the JDK already)
            return (b[0] & 0xfe) == 0xfc;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 192.0.0.0/24 protocol assignments, 198.18.0.0/15 benchmarking
        return (first == 100 && second >= 64 && second < 128) || first == 0
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
    }
}
