package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The bus reconnects while a comparison with the store is under way, one that read the positions before what the bus
 * missed was committed: the reconnection's own comparison must still run, or the missed event waits for the next one.
 */
public class ReconnectDuringACheckTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(OwnEventBusTest.RecordingBus.class, SlowPositionsStore.class)
            .overrideConfigKey("quarkus.eventstream.bus.check-interval", "off");

    /** A shared store whose reading of positions can be held after it read them. */
    @Singleton
    public static class SlowPositionsStore extends MemoryEventStore {

        volatile CountDownLatch read = new CountDownLatch(0);
        volatile CountDownLatch release = new CountDownLatch(0);

        public SlowPositionsStore() {
            super(1_000);
        }

        @Override
        public Map<String, Long> currentPositions(Collection<String> channels) {
            Map<String, Long> positions = super.currentPositions(channels);
            read.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return positions;
        }
    }

    @Inject
    OwnEventBusTest.RecordingBus bus;

    @Inject
    EventStore store;

    @Test
    void theReconnectionsCheckRunsAfterTheOneUnderWay() throws Exception {
        SlowPositionsStore slow = (SlowPositionsStore) store;
        try (SseTestClient client = open("/events/reconnecting")) {
            client.next(WAIT);
            slow.read = new CountDownLatch(1);
            slow.release = new CountDownLatch(1);
            // a check reads the positions, and is held there
            bus.receiver.connected();
            assertThat(slow.read.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // meanwhile another instance committed an event whose message the bus lost, and the bus reconnected
            store.append("reconnecting", "message", "missed");
            bus.receiver.connected();
            slow.release.countDown();
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("missed");
        } finally {
            slow.release.countDown();
        }
    }
}
