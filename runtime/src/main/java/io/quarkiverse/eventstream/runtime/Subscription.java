package io.quarkiverse.eventstream.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.runtime.store.CoalescedReads;
import io.quarkiverse.eventstream.runtime.store.ReplayedEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;

/**
 * One open stream: its channels, the positions it delivered, its bounded queue of live events, its keep-alives.
 * <p>
 * Live events are offered from any thread and written on the Vert.x context of the stream's connection, in order,
 * only while the connection accepts more, so a slow client fills this queue and not the server's memory. A stream
 * whose channels are all stored never loses an event: when it misses one (queue overflow, a gap in positions, a
 * cursor from the client) it reads the store page by page from the last position it delivered until it has caught
 * up, while new live events queue; those it already sent are then skipped by position.
 */
final class Subscription {

    private static final Logger LOG = Logger.getLogger(Subscription.class);

    /** A gathered write goes out once it reaches this size, so the socket's write queue is checked often enough. */
    private static final int FLUSH_BYTES = 32 * 1024;

    /** A live event waiting to be written; {@code channel} is -1 for events of channels that are not stored. */
    private record Pending(Buffer body, int channel, long position) {
    }

    private final Set<String> channels;
    private final SecurityIdentity identity;
    private final HttpServerResponse response;
    private final SseEventSink sink;
    private final Context context;
    private final StreamSettings settings;
    private final Consumer<Subscription> onTerminate;
    private final KeepAlives keepAlives;

    // stored channels: names, cursor keys, and the last position written, indexed alike
    private final StreamCursor cursor;
    private final CoalescedReads store;
    private final boolean lossless;

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean failing;

    // confined to the context
    private Buffer out;
    private long lastWriteNanos = System.nanoTime();
    private long expiryTimer = -1;
    private boolean closing;
    private boolean catchingUp;
    private int catchUpChannel;
    private boolean readInFlight;
    // set by start() on the context: before it, the head is not written yet, so nothing may be
    private boolean running;
    private boolean catchUpRequested;
    // per stored channel, the position the store had when the stream opened: its replay ends there, live events
    // follow; null for a catch-up after an overflow or a gap, which reads until a short page
    private long[] catchUpTargets;
    private Buffer failureRequested;
    // confined to the event loop: this stream's index in its loop's keep-alive sweep, -1 while in none
    int keepAliveSlot = -1;

    Subscription(Set<String> channels, SecurityIdentity identity, HttpServerResponse response, SseEventSink sink,
            Context context, StreamSettings settings, StreamCursor cursor, CoalescedReads store, KeepAlives keepAlives,
            Consumer<Subscription> onTerminate) {
        this.keepAlives = keepAlives;
        this.channels = channels;
        this.identity = identity;
        this.response = response;
        this.sink = sink;
        this.context = context;
        this.settings = settings;
        this.cursor = cursor;
        this.store = store;
        this.lossless = store != null && cursor.size() == channels.size();
        this.onTerminate = onTerminate;
    }

    Set<String> channels() {
        return channels;
    }

    SecurityIdentity identity() {
        return identity;
    }

    boolean isOpen() {
        return !failing && !terminated.get();
    }

    /**
     * Queues a live event. Thread-safe. A full queue makes a lossless stream catch up from the store, and ends any
     * other stream with a {@code stream-error} ({@code overflow}).
     *
     * @param body the encoded event without its {@code id:} line, shared by every stream
     * @param channel the event's channel
     * @param position the event's position, 0 when it is not stored
     * @return {@code true} if the caller must have {@link #runScheduledDrain()} run on this stream's event loop; the
     *         caller gathers the streams of each event loop into one task, rather than one task per stream
     */
    boolean offer(Buffer body, String channel, long position) {
        if (failing || terminated.get()) {
            return false;
        }
        int index = position > 0 ? cursor.indexOf(channel) : -1;
        if (queued.incrementAndGet() > settings.maxQueuedEvents()) {
            queued.decrementAndGet();
            if (lossless) {
                // everything queued is in the store: drop it and read it back when the client is ready
                LOG.debugf("Stream on %s overflowed its queue; catching up from the store", channels);
                queue.clear();
                queued.set(0);
                context.runOnContext(v -> {
                    catchUpTargets = null;
                    startCatchUp();
                });
                return false;
            }
            LOG.debugf("Stream on %s overflowed its queue of %d events; closing it", channels, settings.maxQueuedEvents());
            fail("overflow", "The client did not read events fast enough", List.copyOf(channels));
            return false;
        }
        queue.add(new Pending(body, index, position));
        return started && drainScheduled.compareAndSet(false, true);
    }

    /** The event loop of this stream's connection. */
    EventLoop eventLoop() {
        return ((ContextInternal) context).nettyEventLoop();
    }

    /** Runs the drain that {@link #offer} asked for; called on {@link #eventLoop()}. */
    void runScheduledDrain() {
        ((ContextInternal) context).dispatch(null, v -> {
            drainScheduled.set(false);
            drain();
        });
    }

    /**
     * Starts writing; the head and the opening frames were written before.
     *
     * @param replay whether some channels start from a client's cursor and must be read from the store first
     * @param expiry when the stream's credentials expire, or {@code null}
     */
    void start(boolean replay, long[] targets, Instant expiry) {
        started = true;
        context.runOnContext(v -> {
            if (terminated.get() || response.closed() || response.ended()) {
                // the client left while the stream was opening: its end handler may never fire
                terminate();
                return;
            }
            running = true;
            if (failureRequested != null) {
                closing = true;
                write(failureRequested);
                closeNow();
                return;
            }
            response.drainHandler(x -> drain());
            keepAlives.add(this, eventLoop(), context);
            if (expiry != null) {
                // a stream never outlives its credentials
                long delay = Math.max(1, Duration.between(Instant.now(), expiry).toMillis());
                expiryTimer = context.owner().setTimer(delay, id -> fail("expired",
                        "The credentials of this stream expired", List.copyOf(channels)));
            }
            if (replay || catchUpRequested) {
                catchUpTargets = catchUpRequested ? null : targets;
                startCatchUp();
            } else {
                drain();
            }
        });
    }

    /**
     * Ends the stream with one {@code stream-error} event, then closes it. Thread-safe, idempotent.
     *
     * @return completed once the event is written and the response ended (or the stream was already over)
     */
    CompletionStage<Void> fail(String condition, String message, List<String> errorChannels) {
        failing = true;
        Buffer frame = Buffer.buffer(SseEncoder.event(null, "stream-error",
                ErrorBodies.streamError(condition, message, errorChannels)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (closing || terminated.get()) {
                done.complete(null);
                return;
            }
            queue.clear();
            if (!running) {
                // written by start(), after the head
                failureRequested = frame;
                done.complete(null);
                return;
            }
            closing = true;
            write(frame);
            closeNow();
            done.complete(null);
        });
        return done;
    }

    /**
     * Closes the stream from the server side. Thread-safe, idempotent.
     */
    void close() {
        context.runOnContext(v -> closeNow());
    }

    private void closeNow() {
        closing = true;
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing a stream failed", e);
        }
        terminate();
    }

    /**
     * Releases the subscription: called when the response ends, whoever ended it. Idempotent.
     */
    void terminate() {
        if (terminated.compareAndSet(false, true)) {
            queue.clear();
            queued.set(0);
            onTerminate.accept(this);
            context.runOnContext(v -> {
                keepAlives.remove(this, eventLoop());
                if (expiryTimer != -1) {
                    context.owner().cancelTimer(expiryTimer);
                    expiryTimer = -1;
                }
            });
        }
    }

    private void drain() {
        if (catchingUp) {
            continueCatchUp();
            return;
        }
        Pending pending;
        while (running && !closing && !failing && !terminated.get() && (pending = queue.peek()) != null) {
            if (response.writeQueueFull()) {
                // the drain handler resumes once the connection has room again
                break;
            }
            queue.poll();
            queued.decrementAndGet();
            if (pending.channel() < 0) {
                append(pending.body());
                continue;
            }
            long expected = cursor.position(pending.channel()) + 1;
            if (pending.position() < expected) {
                // already written by a replay
                continue;
            }
            if (pending.position() > expected) {
                // an event of this channel did not reach us live (published on another thread, or dropped)
                flush();
                catchUpTargets = null;
                startCatchUp();
                return;
            }
            appendStored(pending.channel(), pending.position(), pending.body());
        }
        flush();
    }

    private void startCatchUp() {
        if (closing || failing || terminated.get() || store == null) {
            return;
        }
        if (!running) {
            catchUpRequested = true;
            return;
        }
        catchingUp = true;
        catchUpChannel = 0;
        continueCatchUp();
    }

    private void continueCatchUp() {
        if (closing || failing || terminated.get() || readInFlight || response.writeQueueFull()) {
            return;
        }
        if (catchUpChannel >= cursor.size()) {
            catchingUp = false;
            drain();
            return;
        }
        int channel = catchUpChannel;
        long after = cursor.position(channel);
        readInFlight = true;
        // completed at once by a store that does not block; else on a reading thread, back to the context here
        store.readAfter(cursor.channel(channel), after, settings.replayPageSize()).whenComplete((page, failure) -> {
            if (Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
                onRead(channel, page, failure);
            } else {
                context.runOnContext(v -> onRead(channel, page, failure));
            }
        });
    }

    private void onRead(int channel, List<ReplayedEvent> page, Throwable failure) {
        if (failure != null) {
            onReadFailure(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure);
        } else {
            onPage(channel, page);
        }
    }

    private void onPage(int channel, List<ReplayedEvent> page) {
        readInFlight = false;
        if (closing || failing || terminated.get()) {
            return;
        }
        if (!page.isEmpty() && page.get(0).position() > cursor.position(channel) + 1) {
            // what lay between was purged or evicted while the client lagged: say so rather than skip it silently
            cursor.advance(channel, page.get(0).position() - 1);
            write(Buffer.buffer(StreamSettings.resetEvent(cursor.id(), List.of(cursor.channel(channel)))));
        }
        for (ReplayedEvent event : page) {
            if (event.position() > cursor.position(channel)) {
                appendStored(channel, event.position(), event.body());
            }
        }
        flush();
        // a catch-up restarted while this page was read must not skip the channel it restarted from
        boolean done = page.isEmpty() || (catchUpTargets != null ? cursor.position(channel) >= catchUpTargets[channel]
                : page.size() < settings.replayPageSize());
        if (channel == catchUpChannel && done) {
            catchUpChannel++;
        }
        if (response.writeQueueFull()) {
            // the drain handler resumes the catch-up
            return;
        }
        // a later turn of the event loop, so a long replay does not hold the loop
        context.runOnContext(v -> continueCatchUp());
    }

    private void onReadFailure(Throwable failure) {
        readInFlight = false;
        LOG.warnf(failure, "Reading missed events of %s from the store failed; closing the stream", channels);
        fail("store-unavailable", "Missed events could not be read", List.copyOf(channels));
    }

    private void appendStored(int channel, long position, Buffer body) {
        cursor.advance(channel, position);
        append(cursor.idLine());
        append(body);
    }

    /**
     * Gathers frames written in one turn on the context, so that a burst of events costs one write (one chunk, one
     * system call) instead of one per event. Only drain and catch-up gather, and they {@link #flush()} before they
     * return, so nothing gathered is ever overtaken by a direct {@link #write}.
     */
    private void append(Buffer frame) {
        gather(frame.length()).appendBuffer(frame);
        flushIfFull();
    }

    private void append(String text) {
        gather(text.length()).appendString(text);
        flushIfFull();
    }

    private Buffer gather(int length) {
        if (out == null) {
            // most drains write one event: little room to spare; a burst grows the buffer
            out = Buffer.buffer(length + 256);
        }
        return out;
    }

    private void flushIfFull() {
        if (out.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    private void flush() {
        Buffer frames = out;
        if (frames != null) {
            out = null;
            write(frames);
        }
    }

    private void write(Buffer frame) {
        lastWriteNanos = System.nanoTime();
        try {
            response.write(frame);
        } catch (IllegalStateException e) {
            // the response ended under us: the client went away
            terminate();
        }
    }

    /** Writes a keep-alive if nothing was written for the interval; called by {@link KeepAlives} on the event loop. */
    void keepAliveIfIdle(long nowNanos) {
        if (running && !closing && !terminated.get()
                && nowNanos - lastWriteNanos >= TimeUnit.MILLISECONDS.toNanos(settings.keepAliveMillis())
                && !response.writeQueueFull()) {
            write(settings.keepAliveFrame());
        }
    }
}
