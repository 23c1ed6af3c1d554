package io.quarkiverse.eventstream.client.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.client.EventStreamClient;
import io.quarkiverse.eventstream.client.EventStreamConnection;
import io.quarkiverse.eventstream.client.StreamClosedException;
import io.quarkiverse.eventstream.client.StreamEvent;
import io.quarkiverse.eventstream.client.StreamRefusedException;
import io.quarkiverse.eventstream.it.support.TcpRelay;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/** The client against the real extension: its wire format, its recovery and its refusals. */
public class ExtensionStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(50);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Memberships.class, Order.class)
                    // the client under test, loaded with the application's Mutiny and Vert.x
                    .addPackage(EventStreamClient.class.getPackage()))
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "alice-pw");

    /** {@code private-*} channels need a user, {@code secret-*} ones nobody reads, and membership can be withdrawn. */
    @ApplicationScoped
    public static class Memberships extends DefaultChannelManager {

        static final Set<String> REMOVED = ConcurrentHashMap.newKeySet();

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            if (channel.startsWith("secret-")) {
                return false;
            }
            if (channel.startsWith("private-")) {
                return !identity.isAnonymous() && !REMOVED.contains(identity.getPrincipal().getName() + "@" + channel);
            }
            return true;
        }
    }

    /** A typed payload, written as JSON by the extension and read back with {@code dataAs}. */
    public record Order(String number, int items, String customer) {
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    EventPublisher publisher;

    @Test
    void decodesTypedJsonEvents() throws Exception {
        try (EventStreamConnection stream = EventStreamClient.connect(uri("/events/orders"))) {
            stream.awaitOpen(WAIT);
            publisher.publish("orders", "order-created", new Order("A-1", 3, "Zo\u00eb"));
            StreamEvent event = stream.next(WAIT);
            assertThat(event.type()).isEqualTo("order-created");
            assertThat(event.id()).isEqualTo(publisher.currentEventId("orders"));
            assertThat(event.dataAs(Order.class)).isEqualTo(new Order("A-1", 3, "Zo\u00eb"));
        }
    }

    @Test
    void rebuildsMultiLineAndNonAsciiData() throws Exception {
        String text = "first line\nsecond\r\nthird \u65e5\u672c\u8a9e \uD83D\uDE80\rlast";
        try (EventStreamConnection stream = EventStreamClient.connect(uri("/events/text"))) {
            stream.awaitOpen(WAIT);
            publisher.publishRaw("text", "message", text);
            publisher.publishRaw("text", "message", "");
            assertThat(stream.next(2, WAIT)).extracting(StreamEvent::data)
                    .containsExactly("first line\nsecond\nthird \u65e5\u672c\u8a9e \uD83D\uDE80\nlast", "");
        }
    }

    @Test
    void resumesWithoutLossOrDuplicateAfterTheConnectionDrops() throws Exception {
        try (TcpRelay relay = TcpRelay.start("127.0.0.1", base.getPort());
                EventStreamClient client = EventStreamClient
                        .builder("http://127.0.0.1:" + relay.port() + "/events/resume")
                        .reconnectDelay(FAST, Duration.ofMillis(200)).build();
                EventStreamConnection stream = client.open()) {
            stream.awaitOpen(WAIT);
            publisher.publishRaw("resume", "message", "e1");
            publisher.publishRaw("resume", "message", "e2");
            assertThat(stream.next(2, WAIT)).extracting(StreamEvent::data).containsExactly("e1", "e2");
            String cursor = stream.lastEventId();
            relay.pause();
            // the client noticed and tried again while the server was unreachable
            await().atMost(WAIT).until(() -> relay.resetConnections() >= 1);
            for (int i = 3; i <= 5; i++) {
                publisher.publishRaw("resume", "message", "e" + i);
            }
            relay.resume();
            List<StreamEvent> resumed = stream.next(4, WAIT);
            assertThat(resumed.get(0).type()).isEqualTo("stream-open");
            assertThat(resumed.get(0).id()).isEqualTo(cursor);
            assertThat(resumed.subList(1, 4)).extracting(StreamEvent::data).containsExactly("e3", "e4", "e5");
            publisher.publishRaw("resume", "message", "e6");
            StreamEvent live = stream.next(WAIT);
            assertThat(live.data()).isEqualTo("e6");
            assertThat(live.id()).isEqualTo(publisher.currentEventId("resume"));
        }
    }

    @Test
    void getsAStreamResetForACursorOfAnotherEpoch() throws Exception {
        publisher.publishRaw("epoch", "message", "before");
        String cursor = publisher.currentEventId("epoch");
        String otherEpoch = "zzz" + cursor.substring(cursor.indexOf('.'));
        try (EventStreamClient client = EventStreamClient.builder(uri("/events/epoch")).lastEventId(otherEpoch).build();
                EventStreamConnection stream = client.open()) {
            stream.awaitOpen(WAIT);
            StreamEvent reset = stream.next(WAIT);
            assertThat(reset.type()).isEqualTo("stream-reset");
            assertThat(reset.channels()).containsExactly("epoch");
            assertThat(stream.lastEventId()).isEqualTo(reset.id()).isEqualTo(publisher.currentEventId("epoch"));
            publisher.publishRaw("epoch", "message", "after");
            assertThat(stream.next(WAIT).data()).isEqualTo("after");
        }
    }

    @Test
    void stopsWithTheStatusWhenTheServerDeniesTheChannel() throws Exception {
        try (EventStreamConnection anonymous = EventStreamClient.connect(uri("/events/private-room"))) {
            assertThatThrownBy(() -> anonymous.next(WAIT)).isInstanceOfSatisfying(StreamRefusedException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.error()).isEqualTo("unauthorized");
            });
        }
        try (EventStreamClient client = EventStreamClient.builder(uri("/events/secret-plans"))
                .header("Authorization", basic("alice")).build();
                EventStreamConnection alice = client.open()) {
            assertThatThrownBy(() -> alice.next(WAIT)).isInstanceOfSatisfying(StreamRefusedException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.error()).isEqualTo("forbidden");
                assertThat(e.message()).isNotBlank();
            });
        }
    }

    @Test
    void stopsWhenThePermissionIsWithdrawn() throws Exception {
        try (EventStreamClient client = EventStreamClient.builder(uri("/events/private-team"))
                .header("Authorization", basic("alice")).reconnectDelay(FAST, FAST).build();
                EventStreamConnection stream = client.open()) {
            stream.awaitOpen(WAIT);
            Memberships.REMOVED.add("alice@private-team");
            assertThat(publisher.permissionChanged("alice", "private-team")).isEqualTo(1);
            assertThat(stream.next(WAIT).type()).isEqualTo("stream-error");
            assertThatThrownBy(() -> stream.next(WAIT)).isInstanceOfSatisfying(StreamClosedException.class, e -> {
                assertThat(e.condition()).isEqualTo("forbidden");
                assertThat(e.channels()).containsExactly("private-team");
            });
        } finally {
            Memberships.REMOVED.clear();
        }
    }

    private URI uri(String path) throws Exception {
        return base.toURI().resolve(path);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
    }
}
