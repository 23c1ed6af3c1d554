package io.quarkiverse.eventstream.client;

import static io.quarkiverse.eventstream.client.ScriptedServer.status;
import static io.quarkiverse.eventstream.client.ScriptedServer.stream;
import static io.quarkiverse.eventstream.client.ScriptedServer.streamAndHold;
import static io.quarkiverse.eventstream.client.ScriptedServer.streamBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.subscription.Cancellable;

/** The client against a real HTTP server that writes hand-made bytes. */
class EventStreamClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(20);

    @Test
    void decodesEventsWhoseBytesArriveSplitInsideCharactersAndLineEnds() throws Exception {
        byte[] text = "data: \u00e9\u65e5\uD83D\uDE00\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // "data: " is 6 bytes; split inside the 2-byte é, the 3-byte 日, the 4-byte emoji and between CR and LF
        byte[][] chunks = { new byte[] { (byte) 0xEF, (byte) 0xBB }, { (byte) 0xBF },
                slice(text, 0, 7), slice(text, 7, 9), slice(text, 9, 13), slice(text, 13, 16), slice(text, 16, 17),
                slice(text, 17, text.length), ":\n".getBytes(), "event: after\ndata: a\n\n".getBytes() };
        try (ScriptedServer server = new ScriptedServer(streamBytes(true, chunks));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnect(false).build()) {
            List<StreamEvent> events = client.events().collect().asList().await().atMost(WAIT);
            assertThat(events).containsExactly(new StreamEvent(null, "message", "\u00e9\u65e5\uD83D\uDE00", null),
                    new StreamEvent(null, "after", "a", null));
        }
    }

    @Test
    void resumesWithTheLastEventIdAfterA502AndAStreamEnd() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                stream("event: stream-open\nid: c0\ndata:\n\n", "id: c1\ndata: one\n\n", "id: c2\ndata: two\n\n"),
                status(502, "text/html", "<h1>Bad gateway</h1>"),
                stream("id: c3\ndata: three\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST)
                        .lastEventId("c-initial").build()) {
            List<StreamEvent> events = client.events().select().first(4).collect().asList().await().atMost(WAIT);
            assertThat(events).extracting(StreamEvent::data).containsExactly("", "one", "two", "three");
            assertThat(server.header(0, "Last-Event-ID")).isEqualTo("c-initial");
            assertThat(server.header(0, "Accept")).isEqualTo("text/event-stream");
            assertThat(server.header(1, "Last-Event-ID")).isEqualTo("c2");
            assertThat(server.header(2, "Last-Event-ID")).isEqualTo("c2");
        }
    }

    @Test
    void waitsTheServersRetryInsteadOfTheInitialDelay() throws Exception {
        try (ScriptedServer server = new ScriptedServer(stream("retry: 20\nid: r1\ndata: one\n\n"),
                stream("data: two\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri())
                        .reconnectDelay(Duration.ofHours(1), Duration.ofHours(2)).build()) {
            // with the initial delay of an hour, the second event could only come within the wait through retry
            List<StreamEvent> events = client.events().select().first(2).collect().asList().await().atMost(WAIT);
            assertThat(events.get(0).retry()).isEqualTo(20L);
            assertThat(events).extracting(StreamEvent::data).containsExactly("one", "two");
            assertThat(server.header(1, "Last-Event-ID")).isEqualTo("r1");
        }
    }

    @Test
    void failsOnA5xxWhenNotReconnecting() throws Exception {
        try (ScriptedServer server = new ScriptedServer(status(503, "text/plain", "busy"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnect(false).build()) {
            assertThatThrownBy(() -> client.events().collect().asList().await().atMost(WAIT))
                    .isInstanceOfSatisfying(StreamRefusedException.class, e -> assertThat(e.status()).isEqualTo(503));
        }
    }

    @Test
    void stopsOnA403WithTheStatusAndTheServersError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(status(403, "application/json",
                "{\"error\":\"forbidden\",\"message\":\"Not allowed to read secret\",\"channels\":[\"secret\"]}"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST).build()) {
            assertThatThrownBy(() -> client.events().collect().asList().await().atMost(WAIT))
                    .isInstanceOfSatisfying(StreamRefusedException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.error()).isEqualTo("forbidden");
                        assertThat(e.message()).isEqualTo("Not allowed to read secret");
                        assertThat(e.body()).contains("\"channels\":[\"secret\"]");
                        assertThat(e.getMessage()).contains("403", "Not allowed to read secret");
                    });
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void stopsOnA200ThatIsNotAnEventStream() throws Exception {
        try (ScriptedServer server = new ScriptedServer(status(200, "text/html", "<html>login</html>"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST).build()) {
            assertThatThrownBy(() -> client.events().collect().asList().await().atMost(WAIT))
                    .isInstanceOfSatisfying(StreamRefusedException.class, e -> {
                        assertThat(e.status()).isEqualTo(200);
                        assertThat(e.body()).isEqualTo("<html>login</html>");
                        assertThat(e.getMessage()).contains("text/html");
                    });
        }
    }

    @Test
    void completesWhenTheResponseEndsWithoutReconnecting() throws Exception {
        try (ScriptedServer server = new ScriptedServer(stream("data: only\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnect(false).build()) {
            assertThat(client.events().collect().asList().await().atMost(WAIT)).extracting(StreamEvent::data)
                    .containsExactly("only");
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void reconnectsWithTheCursorWhenNoByteArrivesWithinTheIdleTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(streamAndHold("id: k1\ndata: one\n\n"),
                stream("id: k2\ndata: two\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST)
                        .idleTimeout(Duration.ofMillis(300)).build()) {
            List<StreamEvent> events = client.events().select().first(2).collect().asList().await().atMost(WAIT);
            assertThat(events).extracting(StreamEvent::data).containsExactly("one", "two");
            assertThat(server.header(1, "Last-Event-ID")).isEqualTo("k1");
            // the silent connection was closed by the client
            await().atMost(WAIT).until(() -> server.closedConnections.get() >= 1);
        }
    }

    @Test
    void countsKeepAliveCommentsAsActivity() throws Exception {
        String[] chunks = new String[121];
        java.util.Arrays.fill(chunks, ":\n");
        chunks[120] = "\ndata: after the keep-alives\n\n";
        // 120 comments (without blank line) paced 15 ms apart: about 1.8 s of comments, longer than the 1 s idle
        // timeout, while each gap stays far below it
        try (ScriptedServer server = new ScriptedServer(streamAndHold(chunks));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST)
                        .idleTimeout(Duration.ofSeconds(1)).build()) {
            StreamEvent event = client.events().toUni().await().atMost(WAIT);
            assertThat(event.data()).isEqualTo("after the keep-alives");
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void sendsFixedHeadersAndCallsTheSupplierBeforeEveryConnect() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(stream("data: 1\n\n"), stream("data: 2\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST)
                        .header("X-Client", "tests")
                        .headers(() -> Map.of("Authorization", "Bearer token-" + tokens.incrementAndGet()))
                        .build()) {
            client.events().select().first(2).collect().asList().await().atMost(WAIT);
            assertThat(server.header(0, "X-Client")).isEqualTo("tests");
            assertThat(server.header(0, "Authorization")).isEqualTo("Bearer token-1");
            assertThat(server.header(1, "X-Client")).isEqualTo("tests");
            assertThat(server.header(1, "Authorization")).isEqualTo("Bearer token-2");
        }
    }

    @Test
    void closesTheConnectionWhenTheSubscriberCancels() throws Exception {
        try (ScriptedServer server = new ScriptedServer(streamAndHold("data: first\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).build()) {
            java.util.concurrent.CompletableFuture<StreamEvent> first = new java.util.concurrent.CompletableFuture<>();
            Cancellable subscription = client.events().subscribe().with(first::complete);
            assertThat(first.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).data()).isEqualTo("first");
            assertThat(server.closedConnections.get()).isZero();
            subscription.cancel();
            await().atMost(WAIT).until(() -> server.closedConnections.get() == 1);
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void resumesAfterAShutdownErrorButStopsOnForbidden() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                streamAndHold("id: s1\ndata: one\n\n",
                        "event: stream-error\ndata: {\"condition\":\"shutdown\",\"message\":\"bye\",\"channels\":[]}\n\n"),
                streamAndHold("id: s2\ndata: two\n\n", "event: stream-error\ndata: {\"condition\":\"forbidden\","
                        + "\"message\":\"Permission to read news was withdrawn\",\"channels\":[\"news\"]}\n\n"));
                EventStreamClient client = EventStreamClient.builder(server.uri()).reconnectDelay(FAST, FAST).build();
                EventStreamConnection stream = client.open()) {
            assertThat(stream.next(WAIT).data()).isEqualTo("one");
            assertThat(stream.next(WAIT).type()).isEqualTo("stream-error");
            assertThat(stream.next(WAIT).data()).isEqualTo("two");
            assertThat(server.header(1, "Last-Event-ID")).isEqualTo("s1");
            StreamEvent error = stream.next(WAIT);
            assertThat(error.type()).isEqualTo("stream-error");
            assertThat(error.channels()).containsExactly("news");
            assertThatThrownBy(() -> stream.next(WAIT)).isInstanceOfSatisfying(StreamClosedException.class, e -> {
                assertThat(e.condition()).isEqualTo("forbidden");
                assertThat(e.message()).isEqualTo("Permission to read news was withdrawn");
                assertThat(e.channels()).containsExactly("news");
            });
            assertThat(stream.lastEventId()).isEqualTo("s2");
            assertThat(server.requests).hasSize(2);
        }
    }

    @Test
    void theBlockingConnectionSaysWhatItWaitedFor() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                streamAndHold("event: stream-open\ndata:\n\n", "event: a\ndata: 1\n\n", "event: b\ndata: {\"n\":2}\n\n"));
                EventStreamConnection stream = EventStreamClient.connect(server.uri())) {
            assertThat(stream.awaitOpen(WAIT).type()).isEqualTo("stream-open");
            StreamEvent b = stream.next("b", WAIT);
            assertThat(b.dataAs(Count.class).n()).isEqualTo(2);
            assertThatThrownBy(() -> stream.next(Duration.ofMillis(200))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("No event within PT0.2S on " + server.uri());
        }
    }

    public record Count(int n) {
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
