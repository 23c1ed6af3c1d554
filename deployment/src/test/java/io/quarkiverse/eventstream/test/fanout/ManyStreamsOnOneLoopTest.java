package io.quarkiverse.eventstream.test.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A channel's fan-out on one event loop goes in slices of streams, the rest queued behind what else the loop has to do:
 * every stream of a channel with more streams than a slice still receives every event, once and in order, while
 * streams join and leave between the slices.
 */
public class ManyStreamsOnOneLoopTest extends EventStreamTestApp {

    /** More than two slices of 256 on the one loop. */
    private static final int STREAMS = 600;

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.http.io-threads", "1")
            .overrideConfigKey("quarkus.vertx.event-loops-pool-size", "1");

    @Test
    void everyStreamReceivesEveryEventOnceInOrder() throws Exception {
        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                SseTestClient client = open("/events/crowd");
                client.next(WAIT);
                clients.add(client);
            }
            for (int e = 1; e <= 5; e++) {
                publisher.publishRaw("crowd", "message", "event " + e);
                if (e == 2) {
                    // some leave, some join, while the slices of the first events may still be under way
                    for (int i = 0; i < 50; i++) {
                        clients.remove(clients.size() - 1 - i * 5).close();
                    }
                }
            }
            for (SseTestClient client : clients) {
                for (int e = 1; e <= 5; e++) {
                    assertThat(client.nextEvent(WAIT).data()).isEqualTo("event " + e);
                }
            }
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
    }
}
