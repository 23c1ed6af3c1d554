package io.quarkiverse.eventstream.runtime.stream;

import static io.quarkiverse.eventstream.runtime.stream.StreamRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkiverse.eventstream.spi.StoredEvent;

/**
 * Each transition of {@link StreamState}, observed on a real HTTP response: what the client receives, and what the
 * stream tells its owner.
 */
class StreamLifecycleTest {

    private StreamRig rig;

    private StreamRig rig(MemoryEventStore store, int maxQueued, Duration keepAlive) throws Exception {
        rig = new StreamRig(store, maxQueued, keepAlive, 3);
        return rig;
    }

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static long[] at(long... positions) {
        return positions;
    }

    @Test
    void theStateOnlyChangesAlongTheLifecycle() {
        assertThat(StreamState.OPENING.canMoveTo(StreamState.LIVE)).isTrue();
        assertThat(StreamState.LIVE.canMoveTo(StreamState.CATCHING_UP)).isTrue();
        assertThat(StreamState.CATCHING_UP.canMoveTo(StreamState.LIVE)).isTrue();
        assertThat(StreamState.CLOSING.canMoveTo(StreamState.ENDED)).isTrue();
        assertThat(StreamState.CLOSING.canMoveTo(StreamState.LIVE)).isFalse();
        assertThat(StreamState.ENDED.canMoveTo(StreamState.LIVE)).isFalse();
        assertThat(StreamState.LIVE.canMoveTo(StreamState.OPENING)).isFalse();
        assertThat(StreamState.CLOSING.isOpen()).isFalse();
    }

    @Test
    void opensLiveAndWritesEachEventOnceInOrder() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        // OPENING: not in any index yet, nothing is written before the opening frames
        client.offer(EventFrame.encode("c", 0, "message", "too early"));
        client.open(channel -> 0);
        assertThat(client.stream().state()).isEqualTo(StreamState.LIVE);
        EventFrame second = rig.publish("c", "two");
        EventFrame third = rig.publish("c", "three");
        client.offer(second, second, third);
        String body = client.body().awaitContaining("data: three", WAIT);
        assertThat(body).isEqualTo("id: " + rig.id("c", 0) + "\nevent: stream-open\ndata:\n\n"
                + "id: " + rig.id("c", 1) + "\nevent: message\ndata: two\n\n"
                + "id: " + rig.id("c", 2) + "\nevent: message\ndata: three\n\n");
    }

    @Test
    void replaysFromTheCursorWhileLiveEventsWaitThenGoesLive() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 50, Duration.ZERO);
        rig.publish("c", 7);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(2), at(7), null));
        client.onLoop(() -> {
            client.stream().open(() -> {
            }, channel -> 7);
            assertThat(client.stream().state()).isEqualTo(StreamState.CATCHING_UP);
            // published while the replay runs: it waits, then follows
            client.stream().offer(rig.publish("c", "e8"));
        });
        String body = client.body().awaitContaining("data: e8", WAIT);
        assertThat(body).containsSubsequence("data: e3", "data: e4", "data: e5", "data: e6", "data: e7", "data: e8");
        assertThat(body.split("data: e", -1)).hasSize(7);
        client.onLoop(() -> assertThat(client.stream().state()).isEqualTo(StreamState.LIVE));
    }

    @Test
    void eventsHandedOnBeforeTheStreamJoinedAreReadBack() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        // delivered to the channel's other streams after this plan read the store, before this stream joined
        rig.publish("c", "missed");
        client.open(channel -> 1);
        assertThat(client.body().awaitContaining("data: missed", WAIT)).contains("id: " + rig.id("c", 1) + "\nevent: message");
    }

    @Test
    void whatIsPublishedOnceTheClientSawTheStreamOpenArrivesInPublishOrder() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        rig.publish("o", "o1");
        StreamRig.Client client = rig.request(rig.plan(Set.of("o", "t"), List.of("o"), at(1), at(1), null));
        long head = client.response().bytesWritten();
        AtomicBoolean raced = new AtomicBoolean();
        client.onLoop(() -> client.stream().open(() -> {
        }, channel -> {
            if (client.response().bytesWritten() == head) {
                return 1;
            }
            // the opening frames went out before the stream read how far this instance handed its channels on: a
            // client that saw them may have published an unstored event, then a stored one, both handed on before
            // this read and offered only once the loop is free
            raced.set(true);
            EventFrame ticker = EventFrame.encode("t", 0, "message", "t");
            EventFrame order = rig.publish("o", "o2");
            client.stream().loop().execute(() -> {
                client.stream().offer(ticker);
                client.stream().offer(order);
                client.stream().flush();
            });
            return 2;
        }));
        if (!raced.get()) {
            client.offer(EventFrame.encode("t", 0, "message", "t"), rig.publish("o", "o2"));
        }
        assertThat(client.body().awaitContaining("data: o2", WAIT)).containsSubsequence("data: t", "data: o2");
    }

    @Test
    void aMissingPositionMakesALiveStreamCatchUp() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        client.open(channel -> 0);
        rig.publish("c", "e1");
        rig.publish("c", "e2");
        // only the third reaches the stream live
        client.offer(rig.publish("c", "e3"));
        String body = client.body().awaitContaining("data: e3", WAIT);
        assertThat(body).containsSubsequence("data: e1", "data: e2", "data: e3");
        assertThat(body.split("data: e", -1)).hasSize(4);
    }

    @Test
    void aStoredStreamWhoseQueueOverflowsCatchesUpFromTheStore() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(1000), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        client.open(channel -> 0);
        client.body().awaitContaining("stream-open", WAIT);
        client.body().pause();
        // far more than the socket buffers and the queue of 5 hold while the client reads nothing
        String payload = "y".repeat(16 * 1024);
        for (int i = 1; i <= 1000; i++) {
            client.offer(rig.publish("c", i + ":" + payload));
        }
        client.body().resume();
        String body = client.body().awaitContaining("data: 1000:", WAIT);
        Matcher event = Pattern.compile("\ndata: (\\d+):").matcher(body);
        for (int i = 1; i <= 1000; i++) {
            assertThat(event.find()).as("event %d", i).isTrue();
            assertThat(event.group(1)).isEqualTo(Integer.toString(i));
        }
        assertThat(event.find()).isFalse();
        assertThat(rig.ended).isEmpty();
    }

    @Test
    void aStreamWithAnUnstoredChannelWhoseQueueOverflowsEnds() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("u"), List.of(), at(), at(), null));
        client.open(channel -> 0);
        client.body().awaitContaining("stream-open", WAIT);
        client.body().pause();
        String payload = "x".repeat(64 * 1024);
        for (int i = 0; i < 1000 && rig.ended.isEmpty(); i++) {
            client.offer(EventFrame.encode("u", 0, "message", payload));
        }
        assertThat(rig.ended).containsExactly(client.stream());
        assertThat(client.stream().state()).isEqualTo(StreamState.ENDED);
        client.body().resume();
        assertThat(client.body().awaitEnd(WAIT)).endsWith("event: stream-error\ndata: {\"condition\":\"overflow\","
                + "\"message\":\"The client did not read events fast enough\",\"channels\":[\"u\"]}\n\n");
    }

    @Test
    void endWritesOneStreamErrorAndNothingAfterIt() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        client.open(channel -> 0);
        EventFrame first = rig.publish("c", "before");
        client.offer(first);
        // from another thread, as a revocation is
        client.stream().end(StreamError.forbidden(List.of("c"))).toCompletableFuture().get(WAIT.toSeconds(),
                TimeUnit.SECONDS);
        client.offer(rig.publish("c", "after"));
        client.stream().end(StreamError.shutdown(List.of("c"))).toCompletableFuture().get(WAIT.toSeconds(),
                TimeUnit.SECONDS);
        assertThat(client.body().awaitEnd(WAIT)).contains("before").doesNotContain("after")
                .endsWith("event: stream-error\ndata: {\"condition\":\"forbidden\",\"message\":\"Permission to read c"
                        + " was withdrawn\",\"channels\":[\"c\"]}\n\n");
        assertThat(rig.ended).containsExactly(client.stream());
        assertThat(client.stream().isOpen()).isFalse();
    }

    @Test
    void aClientThatLeavesEndsTheStreamOnce() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ofMillis(50));
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        client.open(channel -> 0);
        client.body().awaitContaining("stream-open", WAIT);
        client.close();
        await().atMost(WAIT).until(() -> !rig.ended.isEmpty());
        assertThat(rig.ended).containsExactly(client.stream());
        client.offer(rig.publish("c", "nobody reads this"));
        client.onLoop(() -> {
            client.stream().connectionEnded();
            assertThat(client.stream().state()).isEqualTo(StreamState.ENDED);
        });
        assertThat(rig.ended).hasSize(1);
    }

    @Test
    void aStreamWhoseClientLeftBeforeItOpenedEndsWithoutJoining() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        // the connection ends before the responder could register an end handler: the stream hears nothing of it
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null), false);
        client.close();
        await().atMost(WAIT).until(() -> client.response().closed());
        AtomicBoolean joined = new AtomicBoolean();
        client.onLoop(() -> assertThat(client.stream().open(() -> joined.set(true), channel -> 0)).isFalse());
        assertThat(joined).isFalse();
        assertThat(client.stream().state()).isEqualTo(StreamState.ENDED);
        assertThat(rig.ended).containsExactly(client.stream());
    }

    @Test
    void aStoreFailureWhileCatchingUpEndsTheStreamWithStoreUnavailable() throws Exception {
        MemoryEventStore failing = new MemoryEventStore(100) {
            @Override
            public List<StoredEvent> readAfter(String channel, long after, int limit) {
                throw new IllegalStateException("the database is down");
            }
        };
        StreamRig rig = rig(failing, 5, Duration.ZERO);
        rig.publish("c", "e1");
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(1), null));
        client.open(channel -> 1);
        assertThat(client.body().awaitEnd(WAIT)).endsWith("event: stream-error\ndata: {\"condition\":"
                + "\"store-unavailable\",\"message\":\"Missed events could not be read\",\"channels\":[\"c\"]}\n\n");
        assertThat(rig.ended).containsExactly(client.stream());
    }

    @Test
    void aPageThatStartsPastTheStreamAnnouncesAReset() throws Exception {
        // the store keeps 3 events: what a slow client missed before them is gone
        StreamRig rig = rig(new MemoryEventStore(3), 5, Duration.ZERO);
        rig.publish("c", 10);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(2), at(10), null));
        client.open(channel -> 10);
        String body = client.body().awaitContaining("data: e10", WAIT);
        assertThat(body).contains("id: " + rig.id("c", 7) + "\nevent: stream-reset\ndata: {\"channels\":[\"c\"]}\n\n"
                + "id: " + rig.id("c", 8) + "\nevent: message\ndata: e8\n\n").doesNotContain("data: e7");
    }

    @Test
    void theStreamEndsWhenItsCredentialsExpire() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ZERO);
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0),
                Instant.now().plusMillis(300)));
        client.open(channel -> 0);
        assertThat(client.body().awaitEnd(WAIT)).endsWith("event: stream-error\ndata: {\"condition\":\"expired\","
                + "\"message\":\"The credentials of this stream expired\",\"channels\":[\"c\"]}\n\n");
    }

    @Test
    void anIdleStreamWritesKeepAlivesAndAnEndedOneNoMore() throws Exception {
        StreamRig rig = rig(new MemoryEventStore(100), 5, Duration.ofMillis(50));
        StreamRig.Client client = rig.request(rig.plan(Set.of("c"), List.of("c"), at(0), at(0), null));
        client.open(channel -> 0);
        client.body().awaitContaining("data:\n\n:\n:\n", WAIT);
        client.stream().end(StreamError.shutdown(List.of("c")));
        assertThat(client.body().awaitEnd(WAIT)).endsWith("\"channels\":[\"c\"]}\n\n");
    }

}
