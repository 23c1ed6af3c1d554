package io.quarkiverse.eventstream.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Proves {@link Pushpin} and {@link TcpRelay}: a real Pushpin in front of a JDK HTTP server that holds streams with
 * GRIP headers.
 */
class PushpinTest extends PushpinFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void holdsAStreamAndDeliversWhatIsPublished() throws Exception {
        backend.on("/stream", request -> GripBackend.Reply.of("event: stream-open\ndata:\n\n",
                "Content-Type", "text/event-stream",
                "Grip-Hold", "stream",
                "Grip-Channel", "test",
                // "event: keep-alive\ndata:\n\n"
                "Grip-Keep-Alive", "ZXZlbnQ6IGtlZXAtYWxpdmUKZGF0YToKCg==; format=base64; timeout=20"));

        try (LineStream stream = LineStream.open(pushpin.uri("/stream"))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");

            GripBackend.Request received = backend.nextRequest("/stream", WAIT);
            System.out.println("The backend received: " + received);
            assertThat(received.uri().getPath()).isEqualTo("/stream");
            assertThat(received.header("Grip-Feature")).isNotNull();
            String[] jwt = received.header("Grip-Sig").split("\\.");
            System.out.println("Grip-Sig header: " + decode(jwt[0]) + ", claims: " + decode(jwt[1]));
            assertThat(decode(jwt[0])).contains("\"HS256\"");
            assertThat(decode(jwt[1])).contains("\"iss\":\"" + pushpin.sigIss() + "\"").contains("\"exp\":");
            assertThat(jwt[2]).isEqualTo(hs256(jwt[0] + "." + jwt[1], pushpin.sigKey()));

            HttpResponse<String> published = pushpin.publish(item("test", "hello"));
            assertThat(published.statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: message", "data: hello");
        }
    }

    @Test
    void aPausedRelayRefusesPublishesAndAResumedOneRelaysThemAgain() throws Exception {
        backend.on("/relayed", request -> GripBackend.Reply.of("event: stream-open\ndata:\n\n",
                "Content-Type", "text/event-stream",
                "Grip-Hold", "stream",
                "Grip-Channel", "relayed"));
        try (LineStream stream = LineStream.open(pushpin.uri("/relayed"));
                TcpRelay relay = TcpRelay.start("127.0.0.1", pushpin.controlPort())) {
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            URI publish = URI.create("http://127.0.0.1:" + relay.port() + "/publish/");
            int port = relay.port();

            assertThat(post(publish, item("relayed", "one")).statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: message", "data: one");

            relay.pause();
            assertThat(relay.isPaused()).isTrue();
            assertThat(relay.openSockets()).isZero();
            assertThat(endsWithoutAByte(port)).isTrue();
            assertThatThrownBy(() -> post(publish, item("relayed", "lost"))).isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpTimeoutException.class);
            // the HTTP client may try the POST again on a new connection: reset as well
            assertThat(relay.resetConnections()).isGreaterThanOrEqualTo(2);

            relay.resume();
            assertThat(relay.port()).isEqualTo(port);
            assertThat(post(publish, item("relayed", "two")).statusCode()).isEqualTo(200);
            // Pushpin held the stream all along; what was refused was never published
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: message", "data: two");
        }
    }

    @Test
    void pausingClosesTheConnectionsInProgress() throws Exception {
        try (TcpRelay relay = TcpRelay.start("127.0.0.1", pushpin.controlPort());
                Socket socket = new Socket("127.0.0.1", relay.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write("GET /publish/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // the first bytes of Pushpin's answer prove the connection is relayed
            assertThat(new String(socket.getInputStream().readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1");
            assertThat(relay.openSockets()).isEqualTo(2);
            relay.pause();
            assertThat(relay.openSockets()).isZero();
            try {
                // whatever was left of the answer, then the end of the stream (a timeout would fail the test)
                socket.getInputStream().readAllBytes();
            } catch (SocketException reset) {
                // closed as well; a SocketTimeoutException is no SocketException and fails the test
            }
        }
    }

    @Test
    void twoPushpinsRunSideBySide() throws Exception {
        // a path too long for Unix sockets: the run directory goes under /tmp
        Path deep = workDir.resolve("second-" + "x".repeat(100));
        try (Pushpin second = Pushpin.start(deep, List.of(backend.address()),
                Map.of("handler.message_rate", "0", "proxy.sig_key", "changeme"))) {
            assertThat(second.httpPort()).isNotEqualTo(pushpin.httpPort());
            assertThat(second.sigKey()).isEqualTo("changeme");
            assertThat(Files.readString(second.configFile())).contains("\nrundir=/tmp/pushpin-")
                    .contains("\nmessage_rate=0\n").contains("\nsig_key=changeme\n");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(second.uri("/missing")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(second.logLines("pushpin-proxy")).anyMatch(line -> line.contains("GET http://127.0.0.1:"
                    + second.httpPort() + "/missing -> " + backend.address()));
        }
    }

    // whether a connection to the port is ended or reset before the first byte, rather than answered or left waiting
    private static boolean endsWithoutAByte(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write("POST /publish/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return socket.getInputStream().read() < 0;
        } catch (SocketException reset) {
            // a SocketTimeoutException is no SocketException and fails the test
            return true;
        }
    }

    static String item(String channel, String data) {
        return "{\"items\":[{\"channel\":\"" + channel + "\",\"formats\":{\"http-stream\":{\"content\":"
                + "\"event: message\\ndata: " + data + "\\n\\n\"}}}]}";
    }

    /**
     * Posts on a new connection: a pooled connection that the relay closed when it paused would fail with "header parser
     * received no bytes" rather than be refused (the JDK client does not retry a POST).
     */
    static HttpResponse<String> post(URI uri, String json) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(uri).timeout(WAIT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String decode(String base64Url) {
        return new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
    }

    static String hs256(String signed, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
