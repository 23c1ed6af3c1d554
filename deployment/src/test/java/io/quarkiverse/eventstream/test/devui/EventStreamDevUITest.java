package io.quarkiverse.eventstream.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI's JSON-RPC methods, called over the Dev UI's WebSocket of a dev-mode application, against real streams.
 * Each test method starts the application again: they are few and do several checks each.
 */
public class EventStreamDevUITest extends DevUIJsonRPCTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String NAMESPACE = "quarkus-eventstream";

    // dev mode listens on quarkus.http.port, not the test port: take a free one so parallel builds do not clash
    private static final int PORT = freePort();

    @RegisterExtension
    static final QuarkusDevModeTest test = new QuarkusDevModeTest().withApplicationRoot(jar -> jar
            .addClasses(SseTestClient.class, DevUIPublishResource.class)
            .addAsResource(new StringAsset("quarkus.http.port=" + PORT + "\n"), "application.properties"));

    public EventStreamDevUITest() {
        super(NAMESPACE, "http://localhost:" + PORT);
    }

    @Test
    void channelsAndStreamsShowTheOpenStreams() throws Exception {
        try (SseTestClient one = open("/events/devui-channels");
                SseTestClient two = open("/events?channel=devui-s1&channel=devui-s2")) {
            assertThat(one.next(WAIT).type()).isEqualTo("stream-open");
            assertThat(two.next(WAIT).type()).isEqualTo("stream-open");

            JsonNode channels = executeJsonRPCMethod("getChannels");
            JsonNode channel = find(channels, "name", "devui-channels");
            assertThat(channel).as("devui-channels in " + channels).isNotNull();
            assertThat(channel.get("streams").asInt()).isEqualTo(1);
            assertThat(channel.get("stored").asBoolean()).isTrue();
            assertThat(find(channels, "name", "devui-s2").get("streams").asInt()).isEqualTo(1);
            assertThat(find(channels, "name", "devui-unknown")).isNull();

            JsonNode streams = executeJsonRPCMethod("getStreams");
            JsonNode stream = null;
            for (JsonNode candidate : streams) {
                if (candidate.get("channels").size() == 2) {
                    stream = candidate;
                }
            }
            assertThat(stream).as("the stream of two channels in " + streams).isNotNull();
            assertThat(stream.get("channels").get(0).asText()).isEqualTo("devui-s1");
            assertThat(stream.get("channels").get(1).asText()).isEqualTo("devui-s2");
            assertThat(stream.get("identity").asText()).isEqualTo("anonymous");
            assertThat(stream.get("state").asText()).isEqualTo("LIVE");
            assertThat(stream.get("queuedEvents").asInt()).isZero();
            assertThat(stream.get("ageSeconds").asLong()).isBetween(0L, 120L);
            assertThat(executeJsonRPCMethod("getStreamCount").asInt()).isEqualTo(2);
        }
    }

    @Test
    void publishReachesAnOpenStreamAndTheStore() throws Exception {
        try (SseTestClient client = open("/events/devui-publish")) {
            assertThat(client.next(WAIT).type()).isEqualTo("stream-open");

            JsonNode result = executeJsonRPCMethod("publish",
                    Map.of("channel", "devui-publish", "type", "greeting", "data", "{\"hello\":\"dev\"}"));
            assertThat(result.get("published").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.get("event").get("position").asLong()).isEqualTo(1);

            SseTestClient.Block event = client.nextEvent(WAIT);
            assertThat(event.type()).isEqualTo("greeting");
            assertThat(event.data()).isEqualTo("{\"hello\":\"dev\"}");
        }
        for (int i = 2; i <= 4; i++) {
            assertThat(executeJsonRPCMethod("publish", Map.of("channel", "devui-publish", "type", "t", "data", "e" + i))
                    .get("published").asBoolean()).isTrue();
        }

        JsonNode events = executeJsonRPCMethod("getEvents", Map.of("channel", "devui-publish", "limit", 2));
        List<Long> positions = new ArrayList<>();
        events.forEach(e -> positions.add(e.get("position").asLong()));
        assertThat(positions).containsExactly(3L, 4L);
        assertThat(events.get(1).get("type").asText()).isEqualTo("t");
        assertThat(events.get(1).get("data").asText()).isEqualTo("e4");

        JsonNode refused = executeJsonRPCMethod("publish", Map.of("channel", "bad\u0001name", "type", "t", "data", "x"));
        assertThat(refused.get("published").asBoolean()).isFalse();
        assertThat(refused.get("message").asText()).contains("control characters");
    }

    @Test
    void liveLogShowsEventsPublishedByTheApplication() throws Exception {
        // DevUIJsonRPCTest reads one answer per call; a subscription sends several: read them with a WebSocket
        HttpClient http = HttpClient.newHttpClient();
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + PORT + "/q/dev-ui/json-rpc-ws"), new Collector(messages))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor();
        try {
            socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + NAMESPACE + "_streamPublished\",\"params\":{}}",
                    true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            // the log shows what is published once it is open: publish until the first event comes back
            publishing.scheduleWithFixedDelay(() -> post(http, "/devui-test/publish/devui-live", "from-app"), 0, 300,
                    TimeUnit.MILLISECONDS);
            JsonNode event = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (event == null && System.nanoTime() < deadline) {
                JsonNode message = messages.poll(1, TimeUnit.SECONDS);
                if (message != null && message.path("id").asInt() == 7
                        && "SubscriptionMessage".equals(message.path("result").path("messageType").asText())) {
                    event = message.get("result").get("object");
                }
            }
            assertThat(event).as("a live log message in " + messages).isNotNull();
            assertThat(event.get("channel").asText()).isEqualTo("devui-live");
            assertThat(event.get("type").asText()).isEqualTo("app");
            assertThat(event.get("data").asText()).isEqualTo("from-app");
            assertThat(event.get("position").asLong()).isPositive();
        } finally {
            publishing.shutdownNow();
            assertThat(publishing.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            socket.abort();
        }
    }

    /** Gathers the text messages of a WebSocket, each parsed as JSON. */
    private static final class Collector implements WebSocket.Listener {

        private final ObjectMapper mapper = new ObjectMapper();
        private final BlockingQueue<JsonNode> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(BlockingQueue<JsonNode> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(mapper.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private static void post(HttpClient http, String path, String body) {
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("POST " + path + " answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SseTestClient open(String pathAndQuery) throws Exception {
        return SseTestClient.get(new URL("http://localhost:" + PORT + "/"), pathAndQuery);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.get(field).asText())) {
                return node;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
