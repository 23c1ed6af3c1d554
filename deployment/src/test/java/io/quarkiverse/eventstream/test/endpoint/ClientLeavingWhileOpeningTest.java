package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * A client that leaves while its stream is admitted: the connection's end handler fired before the stream could
 * register one, so the stream must notice by itself, and give back its channels and its place in the quota.
 */
public class ClientLeavingWhileOpeningTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(WaitingChannels.class), "alice")
            .overrideConfigKey("quarkus.eventstream.max-streams-per-identity", "1");

    /** For {@code ?wait}, picks the channels only once the client is gone. */
    @ApplicationScoped
    public static class WaitingChannels extends DefaultChannelManager {

        static final CountDownLatch PICKING = new CountDownLatch(1);

        @Inject
        CurrentVertxRequest request;

        @Override
        public Set<String> channelsForRequest(StreamRequest streamRequest) {
            if (!streamRequest.queryParameters("wait").isEmpty()) {
                PICKING.countDown();
                await().atMost(10, TimeUnit.SECONDS).until(() -> request.getCurrent().response().closed());
            }
            return super.channelsForRequest(streamRequest);
        }
    }

    @Test
    void aClientThatLeftWhileItsStreamOpenedHoldsNothing() throws Exception {
        try (Socket leaving = SseTestClient.send(base, "/events/leaving?wait=1", "Authorization", basic("alice"))) {
            assertThat(WaitingChannels.PICKING.await(10, TimeUnit.SECONDS)).isTrue();
        }
        // alice's only place in the quota comes back, and the channel keeps no stream of hers
        await().atMost(WAIT).untilAsserted(() -> {
            try (SseTestClient again = open("/events/leaving", "Authorization", basic("alice"))) {
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.next(WAIT).type()).isEqualTo("stream-open");
                assertThat(streams.subscribers("leaving")).isEqualTo(1);
            }
        });
    }
}
