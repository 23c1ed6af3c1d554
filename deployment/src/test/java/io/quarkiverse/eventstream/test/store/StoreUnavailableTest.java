package io.quarkiverse.eventstream.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A store that cannot be read while streams open (a database blip): each stream is answered {@code 200} and ends at
 * once with {@code stream-error} {@code store-unavailable} and a {@code retry:} hint, carrying no id, so a client's
 * reconnect resumes exactly where it was. Never a 500, never a stack trace per stream.
 */
public class StoreUnavailableTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(BlippingStore.class)
            .overrideConfigKey("quarkus.eventstream.retry", "1500ms")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> {
                // one line for the whole outage, not one per stream, and no stack trace
                assertThat(records).noneMatch(record -> record.getThrown() != null);
                assertThat(records).filteredOn(r -> r.getMessage().contains("Reading the event store failed")).hasSize(1);
            });

    /** The memory store, blocking as a database is, whose reads fail while {@code down}. */
    @Singleton
    public static class BlippingStore extends MemoryEventStore {

        volatile boolean down;

        public BlippingStore() {
            super(1000);
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("the database is down");
            }
        }

        @Override
        public Map<String, Long> currentPositions(Collection<String> channels) {
            check();
            return super.currentPositions(channels);
        }

        @Override
        public long currentPosition(String channel) {
            check();
            return super.currentPosition(channel);
        }

        @Override
        public boolean isBlocking() {
            return true;
        }
    }

    @Inject
    BlippingStore store;

    @Test
    void aStoreThatCannotBeReadEndsTheOpeningStreamsWithARetryAndKeepsTheirCursor() throws Exception {
        publisher.publishRaw("blip", "message", "seen");
        String cursor = publisher.currentEventId("blip");
        publisher.publishRaw("blip", "message", "missed");
        store.down = true;
        List<String> bodies = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<String> open = () -> {
                    try (SseTestClient client = open("/events/blip", "Last-Event-ID", cursor)) {
                        assertThat(client.status()).isEqualTo(200);
                        assertThat(client.header("Content-Type")).isEqualTo("text/event-stream");
                        return client.body(WAIT);
                    }
                };
                answers.add(clients.submit(open));
            }
            for (Future<String> answer : answers) {
                bodies.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
            store.down = false;
        }
        for (String body : bodies) {
            assertThat(body).matches("retry: (1[5-9]\\d\\d|2\\d\\d\\d|3000)\nevent: stream-error\ndata: "
                    + "\\{\"condition\":\"store-unavailable\",\"message\":\"The event store cannot be read right now;"
                    + " reconnect\",\"channels\":\\[\"blip\"]}\n\n");
        }
        // the reconnect, with the cursor the client kept, resumes exactly
        try (SseTestClient client = open("/events/blip", "Last-Event-ID", cursor)) {
            assertThat(client.next(WAIT).type()).isEqualTo("stream-open");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("missed");
            publisher.publishRaw("blip", "message", "live");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("live");
        }
    }
}
