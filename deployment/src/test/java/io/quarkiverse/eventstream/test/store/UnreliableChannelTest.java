package io.quarkiverse.eventstream.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class UnreliableChannelTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(TickersNotStored.class);

    /** Channels named ticker-* are not worth storing. */
    @ApplicationScoped
    public static class TickersNotStored extends DefaultChannelManager {
        @Override
        public boolean isReliable(String channel) {
            return !channel.startsWith("ticker-");
        }
    }

    @Test
    void anUnreliableChannelGetsNoIdNoPositionAndNoReplay() throws Exception {
        assertThat(publisher.publishRaw("ticker-1", "message", "old").position()).isZero();
        assertThat(publisher.currentEventId("ticker-1")).isEmpty();
        try (SseTestClient client = open("/events/ticker-1")) {
            SseTestClient.Block open = client.next(WAIT);
            assertThat(open.type()).isEqualTo("stream-open");
            assertThat(open.id()).isNull();
            publisher.publishRaw("ticker-1", "message", "live");
            SseTestClient.Block live = client.nextEvent(WAIT);
            assertThat(live.data()).isEqualTo("live");
            assertThat(live.id()).isNull();
        }
    }

    @Test
    void aMixedStreamCarriesTheStoredChannelsPositionOnly() throws Exception {
        publisher.publishRaw("orders", "message", "o1");
        String cursor = publisher.currentEventId("orders", "ticker-2");
        assertThat(cursor).endsWith("~1").doesNotContain("~0.");
        try (SseTestClient client = open("/events?channel=orders&channel=ticker-2",
                "Last-Event-ID", cursor)) {
            assertThat(client.next(WAIT).id()).isEqualTo(cursor);
            publisher.publishRaw("ticker-2", "message", "t");
            publisher.publishRaw("orders", "message", "o2");
            SseTestClient.Block ticker = client.nextEvent(WAIT);
            assertThat(ticker.data()).isEqualTo("t");
            assertThat(ticker.id()).isNull();
            SseTestClient.Block order = client.nextEvent(WAIT);
            assertThat(order.data()).isEqualTo("o2");
            assertThat(order.id()).endsWith("~2");
        }
    }
}
