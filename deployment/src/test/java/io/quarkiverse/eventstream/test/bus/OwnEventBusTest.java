package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application's own {@link EventBus} replaces the built-in one, and the extension keeps streams exact whatever the
 * bus brings: what the test hands the receiver plays "another instance", which appends to the shared store and then
 * sends (or loses) its message.
 */
public class OwnEventBusTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(RecordingBus.class, SharedStore.class, Memberships.class),
            "alice", "bob")
            // the periodic check would hide what the others check (BusPeriodicCheckTest)
            .overrideConfigKey("quarkus.eventstream.bus.check-interval", "off");

    private static final String OTHER = "otherinstance";

    /** The bus: records what this instance sends, and gives the test the receiver. */
    @Singleton
    public static class RecordingBus implements EventBus {

        final LinkedBlockingQueue<BusMessage> sent = new LinkedBlockingQueue<>();
        volatile BusReceiver receiver;

        @Override
        public CompletionStage<Void> publish(BusMessage message) {
            sent.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void start(BusReceiver receiver) {
            this.receiver = receiver;
            receiver.connected();
        }
    }

    /** The store every instance shares: one per JVM here. */
    @Singleton
    public static class SharedStore extends MemoryEventStore {
        public SharedStore() {
            super(10_000);
        }
    }

    @ApplicationScoped
    public static class Memberships extends DefaultChannelManager {

        static final Set<String> REMOVED = ConcurrentHashMap.newKeySet();

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            return !REMOVED.contains(identity.getPrincipal().getName() + "@" + channel);
        }
    }

    @Inject
    RecordingBus bus;

    @Inject
    EventStore store;

    @Test
    void sendsWhatItPublishesAndIgnoresItsOwnMessages() throws Exception {
        bus.sent.clear();
        try (SseTestClient client = open("/events/own")) {
            client.next(WAIT);
            ChannelEvent published = publisher.publishRaw("own", "message", "mine");
            BusMessage message = bus.sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message.kind()).isEqualTo(BusMessage.Kind.EVENT);
            assertThat(message.toEvent().position()).isEqualTo(published.position());
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("mine");
            // the bus brings it back: not a second time on the stream
            bus.receiver.receive(message);
            publisher.publishRaw("own", "message", "next");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("next");
        }
    }

    @Test
    void deliversOtherInstancesEventsOnceInOrderAndReadsWhatTheBusLost() throws Exception {
        try (SseTestClient client = open("/events/remote")) {
            client.next(WAIT);
            StoredEvent first = store.append("remote", "message", "1");
            StoredEvent second = store.append("remote", "message", "2");
            StoredEvent third = store.append("remote", "message", "3");
            bus.receiver.receive(message(first));
            // the message of the second is lost; the third reveals the gap
            bus.receiver.receive(message(third));
            bus.receiver.receive(message(third));
            bus.receiver.receive(message(first));
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("1");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("2");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("3");
            // a message without its data: read from the store
            StoredEvent fourth = store.append("remote", "big", "4");
            bus.receiver.receive(BusMessage.event(OTHER, event(fourth)).reference());
            SseTestClient.Block block = client.nextEvent(WAIT);
            assertThat(block.type()).isEqualTo("big");
            assertThat(block.data()).isEqualTo("4");
            // the last messages of a burst lost, nothing after them: the reconnection check reads them
            store.append("remote", "message", "5");
            store.append("remote", "message", "6");
            bus.receiver.connected();
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("5");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("6");
            // and nothing twice
            publisher.publishRaw("remote", "message", "7");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("7");
        }
    }

    @Test
    void otherInstancesPermissionChangesEndStreamsHere() throws Exception {
        try (SseTestClient alice = open("/events/team", "Authorization", basic("alice"));
                SseTestClient bob = open("/events/team", "Authorization", basic("bob"))) {
            alice.next(WAIT);
            bob.next(WAIT);
            Memberships.REMOVED.add("alice@team");
            bus.receiver.receive(BusMessage.permissionChanged(OTHER, "alice", "team"));
            SseTestClient.Block error = alice.nextEvent(WAIT);
            assertThat(error.type()).isEqualTo("stream-error");
            assertThat(error.data()).contains("\"condition\":\"forbidden\"");
            alice.awaitEnd(WAIT);
            publisher.publishRaw("team", "message", "still for bob");
            assertThat(bob.nextEvent(WAIT).data()).isEqualTo("still for bob");
        } finally {
            Memberships.REMOVED.clear();
        }
    }

    @Test
    void permissionChangesHereAreSentToTheOthers() throws Exception {
        bus.sent.clear();
        publisher.permissionChanged("bob", "elsewhere");
        BusMessage message = bus.sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message.kind()).isEqualTo(BusMessage.Kind.PERMISSION_CHANGED);
        assertThat(message.principal()).isEqualTo("bob");
        assertThat(message.channel()).isEqualTo("elsewhere");
    }

    private static BusMessage message(StoredEvent stored) {
        return BusMessage.event(OTHER, event(stored));
    }

    private static ChannelEvent event(StoredEvent stored) {
        return new ChannelEvent(stored.channel(), stored.type(), stored.data(), stored.position());
    }
}
