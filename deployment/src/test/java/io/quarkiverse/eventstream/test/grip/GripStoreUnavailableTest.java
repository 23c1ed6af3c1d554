package io.quarkiverse.eventstream.test.grip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A store that cannot be read while a held stream replays: the proxy's client gets what a direct client gets (200,
 * {@code stream-error} {@code store-unavailable} with a {@code retry:} hint, no id), never a 5xx that a browser's
 * {@code EventSource} would give up on; a recovery link is answered 503, which the proxy asks again.
 */
public class GripStoreUnavailableTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(GripSignatures.class, FailingReads.class)
            .overrideConfigKey("quarkus.eventstream.grip.verify-key", GripSignatures.KEY)
            .overrideConfigKey("quarkus.eventstream.grip.proxies.test.control-uri", "http://127.0.0.1:9")
            .overrideConfigKey("quarkus.eventstream.retry", "1500ms")
            // every replay reads the store
            .overrideConfigKey("quarkus.eventstream.replay.cache-size", "0");

    private static final Pattern LINK = Pattern.compile("<(/[^>]*)>; rel=next(; timeout=(\\d+))?");

    /** The memory store, blocking as a database is, whose event reads fail while {@code down}. */
    @Singleton
    public static class FailingReads extends MemoryEventStore {

        volatile boolean down;

        public FailingReads() {
            super(1000);
        }

        @Override
        public List<StoredEvent> readAfter(String channel, long after, int limit) {
            if (down) {
                throw new IllegalStateException("the database is down");
            }
            return super.readAfter(channel, after, limit);
        }

        @Override
        public boolean isBlocking() {
            return true;
        }
    }

    @Inject
    FailingReads store;

    @Test
    void aReplayThatCannotBeReadIsAnsweredAsADirectStreamWouldBe() throws Exception {
        String cursor = publisher.currentEventId("held-blip");
        publisher.publishRaw("held-blip", "message", "missed");
        store.down = true;
        try (SseTestClient client = open("/events/held-blip", "Grip-Sig", GripSignatures.valid(), "Last-Event-ID",
                cursor)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Grip-Hold")).isNull();
            assertThat(client.body(WAIT)).matches("retry: (1[5-9]\\d\\d|2\\d\\d\\d|3000)\nevent: stream-error\ndata: "
                    + "\\{\"condition\":\"store-unavailable\",\"message\":\"The event store cannot be read right now;"
                    + " reconnect\",\"channels\":\\[\"held-blip\"]}\n\n");
        } finally {
            store.down = false;
        }
    }

    @Test
    void aRecoveryThatCannotReadTheStoreIsAskedAgain() throws Exception {
        String link;
        try (SseTestClient hold = open("/events/link-blip", "Grip-Sig", GripSignatures.valid())) {
            Matcher matcher = LINK.matcher(hold.header("Grip-Link"));
            assertThat(matcher.matches()).isTrue();
            link = matcher.group(1);
        }
        publisher.publishRaw("link-blip", "message", "missed");
        store.down = true;
        try (SseTestClient recovery = open(link, "Grip-Sig", GripSignatures.valid(), "Grip-Last",
                "events-link-blip; last-id=0")) {
            assertThat(recovery.status()).isEqualTo(503);
        } finally {
            store.down = false;
        }
    }
}
