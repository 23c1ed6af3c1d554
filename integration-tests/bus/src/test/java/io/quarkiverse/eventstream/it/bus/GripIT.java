package io.quarkiverse.eventstream.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkiverse.eventstream.it.bus.MessageStream.Message;
import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkiverse.eventstream.it.support.Nginx;
import io.quarkiverse.eventstream.it.support.Pushpin;
import io.quarkiverse.eventstream.it.support.TcpRelay;

/**
 * A real Pushpin in front of two packaged instances A and B (no bus: each instance publishes its own events to the
 * proxy; one PostgreSQL database as their shared store). Clients read their streams through Pushpin's HTTP port;
 * the instances publish to Pushpin's control port through a {@link TcpRelay}, so that a test can take the control port
 * away while Pushpin keeps holding the streams. Pushpin tries a route's targets in order: A answers the stream requests
 * and recovery links while it is up, and both instances publish. An nginx in front of the same Pushpin, as in
 * production (TLS termination, one public port), checks the proxy settings that held streams need.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GripIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration QUIET = Duration.ofMillis(700);
    /** How soon after its publish an event must reach a client through nginx and Pushpin. */
    static final Duration PROMPT = Duration.ofSeconds(2);
    static final String SIG_KEY = "grip-it-" + Long.toString(System.nanoTime(), 36) + "-secret-for-pushpin";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TestDatabase database;
    Pushpin pushpin;
    Nginx nginx;
    TcpRelay control;
    AppInstance a;
    AppInstance b;
    private int portA;
    private int portB;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.create();
        portA = AppInstance.freePort();
        portB = AppInstance.freePort();
        pushpin = Pushpin.start(logs("pushpin"),
                List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB), Map.of("proxy.sig_key", SIG_KEY));
        nginx = Nginx.start(logs("nginx"), "127.0.0.1:" + pushpin.httpPort());
        control = TcpRelay.start("127.0.0.1", pushpin.controlPort());
        a = startInstance("a", portA);
        b = startInstance("b", portB);
    }

    @BeforeEach
    void controlPortUp() throws Exception {
        control.resume();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (AutoCloseable closeable : new AutoCloseable[] { a == null ? null : a::kill,
                    b == null ? null : b::kill, control, nginx, pushpin }) {
                if (closeable != null) {
                    closeable.close();
                }
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private static Path logs(String name) {
        return Path.of(System.getProperty("bus.logs", "target/bus-logs"), name);
    }

    private AppInstance startInstance(String name, int port) throws Exception {
        return AppInstance.start("grip-" + name, Path.of(System.getProperty("bus.app.grip")), port, List.of(
                "quarkus.datasource.jdbc.url=" + database.jdbcUrl(),
                "quarkus.datasource.username=" + database.user(),
                "quarkus.eventstream.grip.verify-key=" + SIG_KEY,
                "quarkus.eventstream.grip.verify-issuer=pushpin",
                "quarkus.eventstream.grip.proxies.pushpin.control-uri=http://127.0.0.1:" + control.port(),
                // a replay of more than ten events pages through the recovery link
                "quarkus.eventstream.replay.page-size=10",
                // the items of the two instances cross on the way to Pushpin, and Pushpin drops the queued ones that do
                // not follow a recovery: at the end of a burst, with no event after it to reveal that gap, the stream
                // waits for its next recovery
                "quarkus.eventstream.grip.recovery-interval=3S",
                "quarkus.log.category.\"io.quarkiverse.eventstream.runtime.grip\".level=DEBUG"));
    }

    private URI proxied(String path) {
        return URI.create("http://127.0.0.1:" + pushpin.httpPort() + path);
    }

    @Test
    void aStreamThroughTheProxyReceivesTheEventsOfEitherInstanceWithOurIds() throws Exception {
        String channel = "grip-both";
        try (MessageStream viaProxy = MessageStream.open(proxied("/events/" + channel), WAIT)) {
            long first = a.publish(channel, "from-a");
            long second = b.publish(channel, "from-b");
            assertThat(second).isEqualTo(first + 1);
            List<Message> received = viaProxy.next(2, WAIT);
            assertThat(received).extracting(Message::data).containsExactly("from-a", "from-b");
            assertThat(received).extracting(Message::position).containsExactly(first, second);
            // the proxy writes the very cursor a direct stream would send
            assertThat(received.get(1).id()).isEqualTo(a.cursor(channel));
            assertThat(viaProxy.poll(QUIET)).isNull();
        }
    }

    @Test
    void theProxyHoldsTheStreamTheInstanceAnsweredAndKeepsTheDataAsPublished() throws Exception {
        String channel = "grip-data";
        // through the proxy the instance answered with a hold: the Grip headers never reach the client
        try (LineStream lines = LineStream.open(proxied("/events/" + channel))) {
            assertThat(lines.response().statusCode()).isEqualTo(200);
            assertThat(lines.response().headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("grip-"));
            assertThat(lines.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(lines.nextOfType("stream-open", WAIT)).isNotNull();
            String data = "50% off, 100%% sure, %I stays, caf\u00e9 \u2713\nsecond line";
            b.publish(channel, data);
            List<String> block = lines.nextOfType("message", WAIT);
            assertThat(block).containsExactly("event: message", "data: 50% off, 100%% sure, %I stays, caf\u00e9 \u2713",
                    "data: second line");
        }
    }

    @Test
    void aStreamOfAStoredAndALiveChannelGetsIdsForTheStoredOneOnly() throws Exception {
        try (LineStream lines = LineStream.open(proxied("/events?channel=grip-mixed&channel=live-grip-mixed"))) {
            assertThat(lines.nextOfType("stream-open", WAIT)).isNotNull();
            String opened = lines.lastId();
            b.publish("live-grip-mixed", "live one");
            assertThat(lines.nextOfType("message", WAIT)).containsExactly("event: message", "data: live one");
            // a live event leaves the cursor where it was
            assertThat(lines.lastId()).isEqualTo(opened);
            a.publish("grip-mixed", "stored one");
            assertThat(lines.nextOfType("message", WAIT)).containsExactly("event: message", "data: stored one");
            assertThat(lines.lastId()).isEqualTo(a.cursor("grip-mixed")).isNotEqualTo(opened);
        }
    }

    @Test
    void aBurstFromBothInstancesArrivesOnceAndInOrder() throws Exception {
        String channel = "grip-burst";
        int perInstance = 500;
        try (MessageStream stream = MessageStream.open(proxied("/events/" + channel), WAIT)) {
            // two instances, four threads each, every event committed on its own: the items of the two instances
            // reach the proxy interleaved, and out of order around each other
            var fromA = a.burst(channel, perInstance, 4);
            var fromB = b.burst(channel, perInstance, 4);
            List<Message> received = stream.next(2 * perInstance, Duration.ofSeconds(90));
            fromA.get(60, java.util.concurrent.TimeUnit.SECONDS);
            fromB.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(received).extracting(Message::position)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2L * perInstance).boxed().toList());
            assertThat(stream.poll(QUIET)).isNull();
        }
    }

    @Test
    void aClientResumesWithItsCursorThroughTheProxy() throws Exception {
        String channel = "grip-resume";
        String cursor;
        try (MessageStream stream = MessageStream.open(proxied("/events/" + channel), WAIT)) {
            a.publish(channel, "m1");
            b.publish(channel, "m2");
            cursor = stream.next(2, WAIT).get(1).id();
        }
        // missed while away: 25 events, more than a page of the replay
        for (int i = 3; i <= 27; i++) {
            (i % 2 == 0 ? a : b).publish(channel, "m" + i);
        }
        try (MessageStream stream = MessageStream.open(proxied("/events/" + channel), WAIT, "Last-Event-ID", cursor)) {
            List<Message> replayed = stream.next(25, WAIT);
            assertThat(replayed).extracting(Message::data)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(3, 27).mapToObj(i -> "m" + i).toList());
            a.publish(channel, "m28");
            Message live = stream.next(WAIT);
            assertThat(live.data()).isEqualTo("m28");
            assertThat(live.position()).isEqualTo(28);
            assertThat(stream.poll(QUIET)).isNull();
        }
    }

    @Test
    void eventsPublishedWhileTheControlPortIsDownArriveOnceAndInOrder() throws Exception {
        String channel = "grip-outage";
        try (MessageStream stream = MessageStream.open(proxied("/events/" + channel), WAIT)) {
            a.publish(channel, "before");
            assertThat(stream.next(WAIT).data()).isEqualTo("before");
            control.pause();
            long started = System.nanoTime();
            a.publish(channel, "during-1");
            b.publish(channel, "during-2");
            a.publish(channel, "during-3");
            // the publisher neither waited for the proxy nor failed
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(stream.poll(QUIET)).isNull();
            control.resume();
            List<Message> missed = stream.next(3, WAIT);
            assertThat(missed).extracting(Message::data).containsExactly("during-1", "during-2", "during-3");
            b.publish(channel, "after");
            assertThat(stream.next(WAIT).data()).isEqualTo("after");
            assertThat(stream.poll(QUIET)).isNull();
        }
    }

    @Test
    void anEventWhosePublishToTheProxyWasLostIsRecoveredFromTheStore() throws Exception {
        String channel = "grip-lost";
        try (MessageStream stream = MessageStream.open(proxied("/events/" + channel), WAIT)) {
            a.publish(channel, "l1");
            assertThat(stream.next(WAIT).data()).isEqualTo("l1");
            // B stores l2, cannot reach the proxy, and dies with l2 still in its queue: the proxy never hears of it
            control.pause();
            b.publish(channel, "l2");
            b.kill();
            control.resume();
            // A's next event names l2 as its predecessor: the proxy notices the gap and the stream recovers through
            // its link, from the store
            a.publish(channel, "l3");
            List<Message> received = stream.next(2, WAIT);
            assertThat(received).extracting(Message::data).containsExactly("l2", "l3");
            assertThat(received).extracting(Message::position).containsExactly(2L, 3L);
            assertThat(stream.poll(QUIET)).isNull();
        } finally {
            b = startInstance("b", portB);
        }
    }

    @Test
    void aCursorTheStoreCannotHonourGetsAResetThroughTheProxyAsDirectly() throws Exception {
        String channel = "grip-reset";
        a.publish(channel, "r1");
        String current = a.cursor(channel);
        // the same position in another epoch of the store: nothing to replay from
        String otherEpoch = "0other" + current.substring(current.indexOf('.'));
        for (URI uri : new URI[] { proxied("/events/" + channel), a.uri("/events/" + channel) }) {
            try (LineStream lines = LineStream.open(uri, "Last-Event-ID", otherEpoch)) {
                assertThat(lines.nextOfType("stream-open", WAIT)).isNotNull();
                List<String> reset = lines.nextOfType("stream-reset", WAIT);
                assertThat(String.join("\n", reset)).contains("\"channels\":[\"" + channel + "\"]");
                assertThat(lines.lastId()).isEqualTo(current);
            }
        }
    }

    @Test
    void aForgedOrExpiredGripSigSentStraightToAnInstanceGetsADirectStream() throws Exception {
        String channel = "grip-forged";
        long now = Instant.now().getEpochSecond();
        String[] signatures = {
                sign("{\"iss\":\"pushpin\",\"exp\":" + (now + 3600) + "}", "not-the-key"),
                sign("{\"iss\":\"pushpin\",\"exp\":" + (now - 10) + "}", SIG_KEY),
                sign("{\"iss\":\"someone-else\",\"exp\":" + (now + 3600) + "}", SIG_KEY),
                unsigned("{\"iss\":\"pushpin\",\"exp\":" + (now + 3600) + "}") };
        for (String signature : signatures) {
            try (LineStream lines = LineStream.open(a.uri("/events/" + channel), "Grip-Sig", signature)) {
                assertThat(lines.response().headers().firstValue("Grip-Hold")).isEmpty();
                assertThat(lines.nextOfType("stream-open", WAIT)).isNotNull();
                // no bus between the instances: published on the instance that streams directly
                a.publish(channel, "live");
                assertThat(lines.nextOfType("message", WAIT)).contains("data: live");
            }
        }
        // and the key the proxy signs with makes the same request a hold
        HttpResponse<String> hold = HTTP.send(HttpRequest.newBuilder(a.uri("/events/" + channel))
                .header("Grip-Sig", sign("{\"iss\":\"pushpin\",\"exp\":" + (now + 3600) + "}", SIG_KEY))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hold.headers().firstValue("Grip-Hold")).hasValue("stream");
        assertThat(hold.body()).contains("event: stream-open");
    }

    @Test
    void aRevokedIdentitysHeldStreamClosesAndTheOtherIdentitysStays() throws Exception {
        String channel = "private-grip-revoke";
        a.post("/test/grant/alice/" + channel, "", Duration.ofSeconds(10));
        a.post("/test/grant/bob/" + channel, "", Duration.ofSeconds(10));
        try (LineStream alice = LineStream.open(proxied("/events/" + channel), "Authorization", basic("alice"));
                MessageStream bob = MessageStream.open(proxied("/events/" + channel), WAIT, "Authorization",
                        basic("bob"))) {
            assertThat(alice.nextOfType("stream-open", WAIT)).isNotNull();
            b.publish(channel, "both");
            assertThat(alice.nextOfType("message", WAIT)).contains("data: both");
            assertThat(bob.next(WAIT).data()).isEqualTo("both");
            // revoked on B; the proxy makes alice's held stream ask again
            b.post("/test/revoke/alice/" + channel, "", Duration.ofSeconds(10));
            List<String> error = alice.nextOfType("stream-error", WAIT);
            assertThat(String.join("\n", error)).contains("\"condition\":\"forbidden\"").contains(channel);
            assertThat(alice.awaitEnd(WAIT)).isTrue();
            a.publish(channel, "bob-only");
            assertThat(bob.next(WAIT).data()).isEqualTo("bob-only");
            assertThat(bob.poll(QUIET)).isNull();
        }
        // and alice, reconnecting through the proxy, is refused as directly
        assertThat(status(proxied("/events/" + channel), "Authorization", basic("alice"))).isEqualTo(403);
    }

    @Test
    void refusalsThroughTheProxyAreTheSameAsDirect() throws Exception {
        String channel = "private-grip-refusals";
        a.post("/test/grant/alice/" + channel, "", Duration.ofSeconds(10));
        String[][] cases = {
                { "/events/" + channel }, // anonymous: 401
                { "/events/" + channel, "Authorization", basic("bob") }, // not granted: 403
                { "/events" }, // no channel: 400
                { "/events/" + channel, "Authorization", basic("alice"), "Last-Event-ID", "not a cursor" } }; // 400
        int[] expected = { 401, 403, 400, 400 };
        for (int i = 0; i < cases.length; i++) {
            String[] headers = java.util.Arrays.copyOfRange(cases[i], 1, cases[i].length);
            HttpResponse<String> direct = get(a.uri(cases[i][0]), headers);
            HttpResponse<String> viaProxy = get(proxied(cases[i][0]), headers);
            assertThat(direct.statusCode()).isEqualTo(expected[i]);
            assertThat(viaProxy.statusCode()).as("status through the proxy of case %d", i).isEqualTo(expected[i]);
            assertThat(viaProxy.body()).isEqualTo(direct.body());
            assertThat(viaProxy.headers().firstValue("Content-Type")).isEqualTo(direct.headers().firstValue("Content-Type"));
        }
    }

    @Test
    void throughNginxInFrontOfTheProxyEventsArrivePromptlyWithTheSameIdsAndAClientResumes() throws Exception {
        String channel = "grip-nginx";
        URI viaNginx = nginx.uri("/events/" + channel);
        // the head as nginx passes it on: the hold's Grip headers stop at Pushpin
        try (LineStream lines = LineStream.open(viaNginx)) {
            assertThat(lines.response().statusCode()).isEqualTo(200);
            assertThat(lines.response().headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("grip-"));
            assertThat(lines.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(lines.nextOfType("stream-open", WAIT)).isNotNull();
        }
        // what Pushpin answered nginx, logged once the client left: its status and its X-Accel-Buffering header
        String logged = nginx.awaitAccessLogLine("\"GET /events/" + channel + " HTTP/1.1\" 200 ", WAIT);
        assertThat(logged).contains("upstream_status=200");
        System.out.println("GripIT nginx access log of a held stream: " + logged);

        List<Long> throughNginx = new ArrayList<>();
        List<Long> throughPushpin = new ArrayList<>();
        String cursor;
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (MessageStream front = MessageStream.open(viaNginx, WAIT);
                MessageStream behind = MessageStream.open(proxied("/events/" + channel), WAIT)) {
            for (int i = 1; i <= 6; i++) {
                String data = "n" + i;
                // both readers wait before the publish, each notes when its event arrived
                CompletableFuture<Received> viaFront = receive(front, readers);
                CompletableFuture<Received> viaBehind = receive(behind, readers);
                long published = System.nanoTime();
                long position = (i % 2 == 1 ? a : b).publish(channel, data);
                Received fromNginx = viaFront.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Received fromPushpin = viaBehind.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                throughNginx.add(TimeUnit.NANOSECONDS.toMillis(fromNginx.at() - published));
                throughPushpin.add(TimeUnit.NANOSECONDS.toMillis(fromPushpin.at() - published));
                assertThat(fromNginx.message().data()).isEqualTo(data);
                assertThat(fromNginx.message().position()).isEqualTo(position);
                // the very id a client of Pushpin gets
                assertThat(fromNginx.message().id()).isEqualTo(fromPushpin.message().id());
                assertThat(Duration.ofNanos(fromNginx.at() - published)).as("publish to receipt through nginx of %s",
                        data).isLessThan(PROMPT);
            }
            cursor = a.cursor(channel);
            assertThat(front.lastId()).isEqualTo(cursor);
            assertThat(front.poll(QUIET)).isNull();
        } finally {
            readers.shutdownNow();
        }
        System.out.println("GripIT publish to receipt (ms), through nginx and Pushpin: " + throughNginx
                + ", through Pushpin alone: " + throughPushpin);

        // missed while away, replayed through nginx from the client's cursor
        for (int i = 7; i <= 9; i++) {
            (i % 2 == 1 ? a : b).publish(channel, "n" + i);
        }
        try (MessageStream stream = MessageStream.open(viaNginx, WAIT, "Last-Event-ID", cursor)) {
            List<Message> replayed = stream.next(3, WAIT);
            assertThat(replayed).extracting(Message::data).containsExactly("n7", "n8", "n9");
            assertThat(replayed).extracting(Message::position).containsExactly(7L, 8L, 9L);
            long published = System.nanoTime();
            b.publish(channel, "n10");
            Message live = stream.next(PROMPT);
            assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(PROMPT);
            assertThat(live.data()).isEqualTo("n10");
            assertThat(live.id()).isEqualTo(a.cursor(channel));
            assertThat(stream.poll(QUIET)).isNull();
        }
    }

    @Test
    void whilePushpinsHttpPortIsDownNginxDropsTheConnectionRatherThanAnswering502() throws Exception {
        String channel = "grip-nginx-drop";
        // a second nginx, in front of a relay to the same Pushpin, so that the relay can take Pushpin away
        try (TcpRelay http = TcpRelay.start("127.0.0.1", pushpin.httpPort());
                Nginx front = Nginx.start(logs("nginx-drop"), "127.0.0.1:" + http.port())) {
            try (MessageStream stream = MessageStream.open(front.uri("/events/" + channel), WAIT)) {
                a.publish(channel, "d1");
                assertThat(stream.next(WAIT).data()).isEqualTo("d1");
                http.pause();
                // the held stream is cut, not ended: an EventSource reconnects
                assertThat(stream.awaitEnd(WAIT)).isFalse();
            }
            // a new stream while Pushpin is away: no 502 (an EventSource would give up), the connection is dropped
            HttpRequest request = HttpRequest.newBuilder(front.uri("/events/" + channel))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
            assertThat(front.awaitAccessLogLine(" 444 ", WAIT)).contains("upstream_status=502");
            // and back: the same nginx holds streams again at once
            http.resume();
            try (MessageStream stream = MessageStream.open(front.uri("/events/" + channel), WAIT)) {
                b.publish(channel, "d2");
                assertThat(stream.next(WAIT).data()).isEqualTo("d2");
            }
        }
    }

    /** A message and when it was read ({@link System#nanoTime()}). */
    private record Received(Message message, long at) {
    }

    private static CompletableFuture<Received> receive(MessageStream stream, ExecutorService readers) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Message message = stream.next(WAIT);
                return new Received(message, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, readers);
    }

    private static HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(URI uri, String... headers) throws Exception {
        return get(uri, headers).statusCode();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String claims, String key) throws Exception {
        String signed = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String unsigned(String claims) {
        return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(claims) + ".";
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
