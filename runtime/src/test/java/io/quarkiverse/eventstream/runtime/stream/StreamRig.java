package io.quarkiverse.eventstream.runtime.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.quarkiverse.eventstream.runtime.VertxHttp;
import io.quarkiverse.eventstream.runtime.admission.AnonymousIdentity;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.http.TestHeads;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.wire.CursorCodec;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Streams on real HTTP responses of a {@link VertxHttp} server, a store, and the threads and settings they share: what
 * the responder gives a stream, without Quarkus.
 */
final class StreamRig implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final VertxHttp http;
    final EventStore store;
    final EventStreamThreads threads = new EventStreamThreads(2);
    final Stream.Shared shared;
    final List<Stream> ended = new CopyOnWriteArrayList<>();

    StreamRig(EventStore store, int maxQueuedEvents, Duration keepAlive, int pageSize) throws Exception {
        this.http = new VertxHttp();
        this.store = store;
        CoalescedReads reads = new CoalescedReads(store, task -> threads.storeReads().execute(task), 0, 1);
        StreamSettings settings = new StreamSettings(maxQueuedEvents, keepAlive.toNanos(),
                Buffer.buffer(":\n"), "", pageSize);
        this.shared = new Stream.Shared(settings, reads, new KeepAlives(keepAlive.toNanos()));
    }

    /** A plan for {@code channels}, the stored ones starting at {@code positions}, the store at {@code storePositions}. */
    StreamPlan plan(Set<String> channels, List<String> stored, long[] positions, long[] storePositions, Instant expiry) {
        return new StreamPlan(AnonymousIdentity.INSTANCE, channels, stored, store.epoch(), positions, storePositions,
                List.of(), Map.of(), expiry, 0);
    }

    /** Opens an HTTP stream for {@code plan}; the stream is created, its head written, but not opened yet. */
    Client request(StreamPlan plan) throws Exception {
        return request(plan, true);
    }

    /**
     * @param endHandler whether the stream hears of the connection's end, as it does once the responder registered
     *        its end handler
     */
    Client request(StreamPlan plan, boolean endHandler) throws Exception {
        CompletableFuture<Stream> created = new CompletableFuture<>();
        CompletableFuture<HttpServerResponse> responded = new CompletableFuture<>();
        http.onRequest(request -> {
            TestHeads.writeHead(request.response());
            Stream stream = new Stream(plan, request.response(), TestHeads.eventLoop(request), request.response()::end,
                    shared, ended::add);
            if (endHandler) {
                request.response().closeHandler(v -> stream.connectionEnded());
            }
            responded.complete(request.response());
            created.complete(stream);
        });
        VertxHttp.Body body = http.get("/", false);
        return new Client(created.get(WAIT.toSeconds(), TimeUnit.SECONDS), body,
                responded.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** Appends to the store, returning the event as the fan-out would hand it to streams. */
    EventFrame publish(String channel, String data) {
        StoredEvent event = store.append(channel, "message", data);
        return EventFrame.encode(channel, event.position(), "message", data);
    }

    /** Appends events {@code e1} to {@code e<count>} to {@code channel}. */
    void publish(String channel, int count) {
        for (int i = 1; i <= count; i++) {
            publish(channel, "e" + i);
        }
    }

    String id(String channel, long position) {
        return CursorCodec.encode(store.epoch(), new String[] { CursorCodec.key(channel) }, new long[] { position });
    }

    @Override
    public void close() throws Exception {
        threads.stop();
        http.close();
    }

    /** A stream and its client. */
    record Client(Stream stream, VertxHttp.Body body, HttpServerResponse response) implements AutoCloseable {

        /** Runs {@code action} on the stream's loop and waits for it. */
        void onLoop(Runnable action) throws Exception {
            VertxHttp.runOn(stream.loop(), action).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        void open(ToLongFunction<String> delivered) throws Exception {
            onLoop(() -> stream.open(() -> {
            }, delivered));
        }

        void offer(EventFrame... events) throws Exception {
            onLoop(() -> {
                for (EventFrame event : events) {
                    stream.offer(event);
                }
                stream.flush();
            });
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
