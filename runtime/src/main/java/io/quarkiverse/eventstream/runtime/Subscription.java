package io.quarkiverse.eventstream.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open stream: its channels, its bounded queue of frames, its keep-alive timer.
 * <p>
 * Frames are offered from any thread and written on the Vert.x context of the stream's connection, in offer order,
 * only while the connection accepts more (so a slow client fills this queue, not the server's memory).
 */
final class Subscription {

    private static final Logger LOG = Logger.getLogger(Subscription.class);

    private final Set<String> channels;
    private final SecurityIdentity identity;
    private final HttpServerResponse response;
    private final SseEventSink sink;
    private final Context context;
    private final StreamSettings settings;
    private final Consumer<Subscription> onTerminate;

    private final ConcurrentLinkedQueue<Buffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean failing;

    // confined to the context
    private long lastWriteNanos = System.nanoTime();
    private long keepAliveTimer = -1;
    private boolean closing;

    Subscription(Set<String> channels, SecurityIdentity identity, HttpServerResponse response, SseEventSink sink,
            Context context, StreamSettings settings, Consumer<Subscription> onTerminate) {
        this.channels = channels;
        this.identity = identity;
        this.response = response;
        this.sink = sink;
        this.context = context;
        this.settings = settings;
        this.onTerminate = onTerminate;
    }

    Set<String> channels() {
        return channels;
    }

    SecurityIdentity identity() {
        return identity;
    }

    boolean isOpen() {
        return !terminated.get();
    }

    /**
     * Queues a frame. Thread-safe. A full queue ends the stream with a {@code stream-error} ({@code overflow}).
     */
    void offer(Buffer frame) {
        if (failing || terminated.get()) {
            return;
        }
        if (queued.incrementAndGet() > settings.maxQueuedEvents()) {
            queued.decrementAndGet();
            LOG.debugf("Stream on %s overflowed its queue of %d events; closing it", channels, settings.maxQueuedEvents());
            fail("overflow", "The client did not read events fast enough", List.copyOf(channels));
            return;
        }
        queue.add(frame);
        if (started) {
            scheduleDrain();
        }
    }

    /**
     * Starts writing queued frames; the head and the opening frames were written before.
     */
    void start() {
        started = true;
        context.runOnContext(v -> {
            response.drainHandler(x -> drain());
            scheduleKeepAlive(settings.keepAliveMillis());
            drain();
        });
    }

    /**
     * Ends the stream with one {@code stream-error} event, then closes it. Thread-safe, idempotent.
     */
    void fail(String condition, String message, List<String> errorChannels) {
        failing = true;
        Buffer frame = Buffer.buffer(SseEncoder.event(null, "stream-error",
                ErrorBodies.streamError(condition, message, errorChannels)));
        context.runOnContext(v -> {
            if (closing || terminated.get()) {
                return;
            }
            closing = true;
            queue.clear();
            write(frame);
            close();
        });
    }

    /**
     * Closes the stream from the server side. Thread-safe, idempotent.
     */
    void close() {
        context.runOnContext(v -> {
            closing = true;
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a stream failed", e);
            }
            terminate();
        });
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
                if (keepAliveTimer != -1) {
                    context.owner().cancelTimer(keepAliveTimer);
                    keepAliveTimer = -1;
                }
            });
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        Buffer frame;
        while (!closing && !terminated.get() && (frame = queue.peek()) != null) {
            if (response.writeQueueFull()) {
                // the drain handler resumes once the connection has room again
                return;
            }
            queue.poll();
            queued.decrementAndGet();
            write(frame);
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

    private void scheduleKeepAlive(long delayMillis) {
        if (delayMillis <= 0 || terminated.get()) {
            return;
        }
        keepAliveTimer = context.owner().setTimer(delayMillis, id -> {
            keepAliveTimer = -1;
            if (terminated.get() || closing) {
                return;
            }
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWriteNanos);
            long interval = settings.keepAliveMillis();
            if (idleMillis >= interval) {
                if (!response.writeQueueFull()) {
                    write(settings.keepAliveFrame());
                }
                scheduleKeepAlive(interval);
            } else {
                scheduleKeepAlive(interval - idleMillis);
            }
        });
    }
}
