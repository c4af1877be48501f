package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Our HTTP client does not write a request on a connection that sat idle longer than
 * {@link HttpKeepAlive#DEFAULT_SECONDS}: a server may be closing it at that very moment. Each case
 * runs in a JVM of its own, because the JDK reads the setting once per JVM.
 */
class HttpKeepAliveTest {

    @Test
    void aConnectionIdleLongerThanTheKeepAliveIsNotReused() throws Exception {
        assertThat(connectionsForTwoRequestsSpacedBeyondTheKeepAlive(true)).isEqualTo(2);
    }

    @Test
    void withoutItTheJdkWouldReuseIt() throws Exception {
        // the control: the JDK's own 20 minutes reuse the idle connection (the race's precondition)
        assertThat(connectionsForTwoRequestsSpacedBeyondTheKeepAlive(false)).isEqualTo(1);
    }

    private static int connectionsForTwoRequestsSpacedBeyondTheKeepAlive(boolean apply) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), Boolean.toString(apply)).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.exitValue()).as(out).isZero();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        return Integer.parseInt(last.replace("connections ", ""));
    }

    /** Two GETs to a server that keeps every connection open, {@code DEFAULT_SECONDS} + 1 s apart. */
    public static final class Probe {

        public static void main(String[] args) throws Exception {
            if (Boolean.parseBoolean(args[0])) {
                HttpKeepAlive.apply();
            }
            var accepted = new AtomicInteger();
            try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                var acceptor = new Thread(() -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            accepted.incrementAndGet();
                            var answering = new Thread(() -> answer(socket));
                            answering.setDaemon(true);
                            answering.start();
                        } catch (java.io.IOException closed) {
                            return;
                        }
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/")).build();
                client.send(request, HttpResponse.BodyHandlers.ofString());
                Thread.sleep((HttpKeepAlive.DEFAULT_SECONDS + 1) * 1000L);
                client.send(request, HttpResponse.BodyHandlers.ofString());
                System.out.println("connections " + accepted.get());
            }
        }

        private static void answer(Socket socket) {
            try (socket; InputStream in = socket.getInputStream()) {
                int matched = 0;
                int b;
                while ((b = in.read()) >= 0) {
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                    if (matched == 4) {
                        matched = 0;
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                }
            } catch (java.io.IOException e) {
                // the client went away
            }
        }
    }
}
