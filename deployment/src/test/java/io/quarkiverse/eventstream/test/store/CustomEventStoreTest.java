package io.quarkiverse.eventstream.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class CustomEventStoreTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(ListStore.class);

    /** An application store: every channel's events in one list, epoch "custom". */
    @ApplicationScoped
    public static class ListStore implements EventStore {

        private final List<StoredEvent> events = new ArrayList<>();

        synchronized int size() {
            return events.size();
        }

        @Override
        public synchronized StoredEvent append(String channel, String type, String data) {
            StoredEvent event = new StoredEvent(channel, currentPosition(channel) + 1, type, data, Instant.now());
            events.add(event);
            return event;
        }

        @Override
        public synchronized List<StoredEvent> readAfter(String channel, long after, int limit) {
            return events.stream().filter(e -> e.channel().equals(channel) && e.position() > after).limit(limit)
                    .toList();
        }

        @Override
        public synchronized long currentPosition(String channel) {
            return events.stream().filter(e -> e.channel().equals(channel)).mapToLong(StoredEvent::position).max()
                    .orElse(0);
        }

        @Override
        public synchronized long oldestPosition(String channel) {
            return events.stream().filter(e -> e.channel().equals(channel)).mapToLong(StoredEvent::position).min()
                    .orElse(0);
        }

        @Override
        public int deleteOlderThan(Instant cutoff, int limit) {
            return 0;
        }

        @Override
        public String epoch() {
            return "custom";
        }

        @Override
        public boolean isBlocking() {
            return false;
        }
    }

    @Inject
    ListStore store;

    @Test
    void anApplicationStoreReplacesTheBuiltInOne() throws Exception {
        publisher.publishRaw("own", "message", "first");
        String cursor = publisher.currentEventId("own");
        assertThat(cursor).startsWith("custom.");
        publisher.publishRaw("own", "message", "second");
        assertThat(store.size()).isEqualTo(2);
        try (SseTestClient client = open("/events/own", "Last-Event-ID", cursor)) {
            client.next(Duration.ofSeconds(10));
            SseTestClient.Block replayed = client.nextEvent(Duration.ofSeconds(10));
            assertThat(replayed.data()).isEqualTo("second");
            assertThat(replayed.id()).startsWith("custom.").endsWith("~2");
        }
    }
}
