package com.rollyy.emsp.ocpi;

/**
 * How long the JDK's HTTP client (our calls to CPOs, hubs and the robot backend) keeps an idle
 * connection for its next request.
 * <p>
 * The JDK keeps one for 20 minutes; servers close theirs much sooner (Tomcat 60 s, nginx 75 s,
 * Node.js and Apache httpd 5 s). A request written on a connection at the moment its server closes
 * it fails with "HTTP/1.1 header parser received no bytes" ("connection reset" over TLS), and the
 * JDK resends only GETs: a command, a token push or a webhook simply failed. Measured against our
 * own Tomcat with its idle timeout at 3 s and requests spaced about 3 s apart: 2 failed of 320 with
 * the JDK's default, 0 of 960 with idle connections dropped after 2 s. The same race failed 1-3 of
 * 250,000-600,000 authorize requests in the bench (its client against our Tomcat).
 * <p>
 * So idle connections are dropped after {@link #DEFAULT_SECONDS} s, before the shortest common
 * server timeout; the system property {@value #PROPERTY} given on the command line (or in
 * {@code JAVA_TOOL_OPTIONS}) wins. The JDK reads it once, when the first client is built: set at the
 * very start of {@code main}.
 */
public final class HttpKeepAlive {

    public static final String PROPERTY = "jdk.httpclient.keepalive.timeout";
    public static final int DEFAULT_SECONDS = 4;

    private HttpKeepAlive() {
    }

    /** Sets the JDK client's idle-connection timeout unless the operator set one. */
    public static void apply() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(DEFAULT_SECONDS));
        }
    }
}
