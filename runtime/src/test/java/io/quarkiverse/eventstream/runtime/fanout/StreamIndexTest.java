package io.quarkiverse.eventstream.runtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoop;
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
        shared = new Stream.Shared(new StreamSettings(5, 0, Buffer.buffer(":\n"), "", 10),
                new CoalescedReads(new MemoryEventStore(10), Runnable::run, 0, 1), new KeepAlives(0));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    /** A stream on {@code channels}, never opened: the index only looks at its channels and its loop. */
    private Stream stream(String... channels) {
        return stream(TestHeads.eventLoop(request), channels);
    }

    private Stream stream(EventLoop loop, String... channels) {
        StreamPlan plan = new StreamPlan(AnonymousIdentity.INSTANCE, Set.of(channels), List.of(), "", new long[0],
                new long[0], List.of(), Map.of(), null, 0);
        return new Stream(plan, request.response(), loop, () -> {
        }, shared, s -> {
        });
    }

    /** Runs {@code action} on the stream's loop, where streams join and leave their channels. */
    private static CompletableFuture<Void> onLoop(Stream stream, Runnable action) {
        return VertxHttp.runOn(stream.loop(), action);
    }

    private static void await(CompletableFuture<Void> done) throws Exception {
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void countsAndFindsTheStreamsOfEachChannel() throws Exception {
        StreamIndex index = new StreamIndex();
        Stream ab = stream("a", "b");
        Stream b = stream("b");
        await(onLoop(ab, () -> index.add(ab)));
        await(onLoop(b, () -> index.add(b)));
        assertThat(index.subscribers("a")).isEqualTo(1);
        assertThat(index.subscribers("b")).isEqualTo(2);
        assertThat(index.streams("b")).containsExactlyInAnyOrder(ab, b);
        assertThat(index.openStreams()).isEqualTo(2);
        await(onLoop(ab, () -> index.remove(ab)));
        await(onLoop(ab, () -> index.remove(ab)));
        assertThat(index.subscribers("a")).isZero();
        assertThat(index.channel("a")).isNull();
        assertThat(index.streams("b")).containsExactly(b);
        assertThat(index.openStreams()).isEqualTo(1);
    }

    @Test
    void joiningAndLeavingOffTheStreamsLoopIsABug() {
        StreamIndex index = new StreamIndex();
        assertThatThrownBy(() -> index.add(stream("c"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStreamJoiningWhileTheChannelsLastStreamLeavesIsNeverLost() throws Exception {
        StreamIndex index = new StreamIndex();
        // streams of two connections served by two event loops join and leave on their own loops, at the same time
        EventLoop first = TestHeads.eventLoop(request);
        EventLoop second = http.vertx().nettyEventLoopGroup().next();
        while (second == first) {
            second = http.vertx().nettyEventLoopGroup().next();
        }
        CyclicBarrier together = new CyclicBarrier(2);
        for (int round = 0; round < 20_000; round++) {
            Stream leaving = stream(first, "c");
            Stream joining = stream(second, "c");
            await(onLoop(leaving, () -> index.add(leaving)));
            CompletableFuture<Void> left = onLoop(leaving, () -> {
                await(together);
                index.remove(leaving);
            });
            CompletableFuture<Void> joined = onLoop(joining, () -> {
                await(together);
                index.add(joining);
            });
            await(left);
            await(joined);
            assertThat(index.streams("c")).as("round %d", round).containsExactly(joining);
            assertThat(index.subscribers("c")).isEqualTo(1);
            await(onLoop(joining, () -> index.remove(joining)));
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
