package io.quarkiverse.eventstream.runtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.runtime.VertxHttp;
import io.quarkiverse.eventstream.runtime.admission.AnonymousIdentity;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.http.TestHeads;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.runtime.stream.KeepAlives;
import io.quarkiverse.eventstream.runtime.stream.Stream;
import io.quarkiverse.eventstream.runtime.stream.StreamSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

class StreamIndexTest {

    private VertxHttp http;
    private HttpServerRequest request;
    private Stream.Shared shared;

    @BeforeEach
    void start() throws Exception {
        http = new VertxHttp();
        CompletableFuture<HttpServerRequest> received = new CompletableFuture<>();
        http.onRequest(request -> {
            TestHeads.writeHead(request.response());
            received.complete(request);
        });
        http.get("/", false);
        request = received.get(10, TimeUnit.SECONDS);
        shared = new Stream.Shared(new StreamSettings(5, 0, Buffer.buffer(":\n\n"), "", 10),
                new CoalescedReads(new MemoryEventStore(10), Runnable::run, 0, 1), new KeepAlives(0));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    /** A stream on {@code channels}, never opened: the index only looks at its channels and its loop. */
    private Stream stream(String... channels) {
        StreamPlan plan = new StreamPlan(AnonymousIdentity.INSTANCE, Set.of(channels), List.of(), "", new long[0],
                new long[0], List.of(), Map.of(), null, 0);
        return new Stream(plan, request.response(), TestHeads.eventLoop(request), () -> {
        }, shared, s -> {
        });
    }

    @Test
    void countsAndFindsTheStreamsOfEachChannel() {
        StreamIndex index = new StreamIndex();
        Stream ab = stream("a", "b");
        Stream b = stream("b");
        index.add(ab);
        index.add(b);
        assertThat(index.subscribers("a")).isEqualTo(1);
        assertThat(index.subscribers("b")).isEqualTo(2);
        assertThat(index.streams("b")).containsExactlyInAnyOrder(ab, b);
        assertThat(index.openStreams()).isEqualTo(2);
        index.remove(ab);
        index.remove(ab);
        assertThat(index.subscribers("a")).isZero();
        assertThat(index.channel("a")).isNull();
        assertThat(index.streams("b")).containsExactly(b);
        assertThat(index.openStreams()).isEqualTo(1);
    }

    @Test
    void aStreamJoiningWhileTheChannelsLastStreamLeavesIsNeverLost() throws Exception {
        StreamIndex index = new StreamIndex();
        CyclicBarrier together = new CyclicBarrier(2);
        for (int round = 0; round < 20_000; round++) {
            Stream leaving = stream("c");
            Stream joining = stream("c");
            index.add(leaving);
            Thread leaver = new Thread(() -> {
                await(together);
                index.remove(leaving);
            });
            leaver.start();
            await(together);
            index.add(joining);
            leaver.join(Duration.ofSeconds(10).toMillis());
            assertThat(index.streams("c")).as("round %d", round).containsExactly(joining);
            assertThat(index.subscribers("c")).isEqualTo(1);
            index.remove(joining);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
