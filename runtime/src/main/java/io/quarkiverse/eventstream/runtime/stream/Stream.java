package io.quarkiverse.eventstream.runtime.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open stream: an admitted {@link StreamPlan} writing to one HTTP response.
 * <p>
 * A stream is confined to the event loop of its connection, where Vert.x also runs the connection's own handlers
 * (end, drain): its state changes there only, in {@link #moveTo}, and needs no lock. Other threads reach it through
 * {@link #end}, which hops onto the loop; the fan-out hands it live events with {@link #offer} on the loop. Its
 * {@link StreamState} goes from {@code OPENING} through {@code LIVE} and {@code CATCHING_UP} to {@code CLOSING} and
 * {@code ENDED}.
 * <p>
 * A stream whose channels are all stored never loses an event: whatever it cannot write live (its queue overflowed, a
 * position is missing, the client resumes from a cursor) it reads back from the store with its {@link CatchUp}, from
 * the last position it wrote, while new live events wait; those it already wrote are then skipped by position. Any
 * other stream that falls too far behind ends with {@code stream-error} {@code overflow}.
 */
public final class Stream {

    private static final Logger LOG = Logger.getLogger(Stream.class);

    /**
     * What every stream of the application shares.
     */
    public record Shared(StreamSettings settings, CoalescedReads reads, KeepAlives keepAlives,
            EventStreamMetrics metrics) {

        /** Without metrics. */
        public Shared(StreamSettings settings, CoalescedReads reads, KeepAlives keepAlives) {
            this(settings, reads, keepAlives, EventStreamMetrics.NONE);
        }
    }

    private final StreamPlan plan;
    private final EventLoop loop;
    private final Shared shared;
    private final Runnable closeResponse;
    private final Consumer<Stream> onEnded;
    private final StreamWriter writer;
    private final StreamCursor cursor;
    // made when the stream first has to read the store
    private CatchUp catchUp;
    // live events waiting to be written; most streams never need it
    private ArrayDeque<EventFrame> waiting;
    // completed once the stream ended; made when something waits for it
    private volatile CompletableFuture<Void> ended;
    // written on the loop only; volatile for the threads that ask whether the stream is open
    private volatile StreamState state = StreamState.OPENING;
    private KeepAlives.Entry keepAlive;
    private ScheduledFuture<?> expiry;
    private final long createdAt = System.currentTimeMillis();

    /**
     * @param response the response, its head already written
     * @param loop the event loop of the response's connection
     * @param closeResponse ends the response (through the framework that owns it)
     * @param onEnded called once, on the loop, when the stream ended, whoever ended it
     */
    public Stream(StreamPlan plan, HttpServerResponse response, EventLoop loop, Runnable closeResponse, Shared shared,
            Consumer<Stream> onEnded) {
        this.plan = plan;
        this.loop = loop;
        this.shared = shared;
        this.closeResponse = closeResponse;
        this.onEnded = onEnded;
        this.writer = new StreamWriter(response, this::connectionEnded);
        this.cursor = new StreamCursor(plan.epoch(), plan.storedChannels(), plan.positions());
        response.drainHandler(v -> writable());
    }

    public StreamPlan plan() {
        return plan;
    }

    public Set<String> channels() {
        return plan.channels();
    }

    public EventLoop loop() {
        return loop;
    }

    public StreamState state() {
        return state;
    }

    /**
     * @return when the stream was made, once its request was admitted; any thread
     */
    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }

    /**
     * @return the live events waiting to be written (its connection is full, or it catches up); on the loop
     */
    public int queuedEvents() {
        ArrayDeque<EventFrame> queue = waiting;
        return queue == null ? 0 : queue.size();
    }

    /**
     * @return whether the stream still writes to its client; any thread
     */
    public boolean isOpen() {
        return state.isOpen();
    }

    /**
     * Starts the stream on its loop: joins its channels, writes its opening frames, then replays what it must, or goes
     * live. Live events delivered between the plan's reading of the store and the join did not reach the stream: it
     * reads them back. A stream whose client left while it was admitted ends instead: the connection's end handler,
     * registered too late, will not fire.
     *
     * @param join makes the stream receive the live events of its channels, from now on
     * @param delivered per channel, the last position this instance handed on to its streams
     * @return whether the stream opened
     */
    public boolean open(Runnable join, ToLongFunction<String> delivered) {
        if (writer.closed()) {
            connectionEnded();
            return false;
        }
        join.run();
        // before the client can see the stream open: an event it publishes once it did must be offered live, in the
        // order it was published, not read back from the store ahead of an unstored one published before it
        long[] targets = plan.storePositions();
        boolean behind = false;
        for (int i = 0; i < cursor.size(); i++) {
            targets[i] = Math.max(targets[i], delivered.applyAsLong(cursor.channel(i)));
            behind |= cursor.position(i) < targets[i];
        }
        writer.write(ControlFrames.opening(shared.settings().preamble(), cursor.id(), plan.resetChannels()));
        if (!plan.resetChannels().isEmpty()) {
            shared.metrics().reset();
        }
        if (state != StreamState.OPENING) {
            // the client left
            return false;
        }
        keepAlive = shared.keepAlives().add(this, loop);
        Instant expiresAt = plan.expiry();
        if (expiresAt != null) {
            // a stream never outlives its credentials
            long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
            expiry = loop.schedule(() -> endNow(StreamError.expired(plan.channels())), delay, TimeUnit.MILLISECONDS);
        }
        if (behind) {
            moveTo(StreamState.CATCHING_UP);
            catchUp().start(targets);
        } else {
            moveTo(StreamState.LIVE);
        }
        return true;
    }

    /**
     * Takes a live event of one of the stream's channels; on the loop. Written at once when the stream is live and
     * its connection takes more, else it waits, at most {@code max-queued-events} of them.
     */
    public void offer(EventFrame event) {
        switch (state) {
            case LIVE -> {
                if ((waiting == null || waiting.isEmpty()) && !writer.full()) {
                    write(event);
                } else {
                    await(event);
                }
            }
            case CATCHING_UP -> await(event);
            default -> {
                // not yet receiving (OPENING), or over
            }
        }
    }

    /** Writes what {@link #offer} gathered; on the loop, after a batch of offers. */
    public void flush() {
        writer.flush();
    }

    /**
     * Ends the stream with one {@code stream-error} event, then ends the response. Any thread; idempotent.
     *
     * @return completed once the stream ended
     */
    public CompletionStage<Void> end(StreamError error) {
        CompletableFuture<Void> done = ended();
        if (loop.inEventLoop()) {
            endNow(error);
        } else {
            loop.execute(() -> endNow(error));
        }
        return done;
    }

    private CompletableFuture<Void> ended() {
        CompletableFuture<Void> result = ended;
        if (result == null) {
            synchronized (this) {
                result = ended;
                if (result == null) {
                    result = new CompletableFuture<>();
                    if (state == StreamState.ENDED) {
                        result.complete(null);
                    }
                    ended = result;
                }
            }
        }
        return result;
    }

    /** The connection ended (the client left, or the response was ended); on the loop. Idempotent. */
    public void connectionEnded() {
        if (state == StreamState.ENDED) {
            return;
        }
        moveTo(StreamState.ENDED);
        waiting = null;
        if (catchUp != null) {
            catchUp.stop();
        }
        if (keepAlive != null) {
            keepAlive.remove();
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
        try {
            onEnded.accept(this);
        } finally {
            CompletableFuture<Void> done;
            synchronized (this) {
                done = ended;
            }
            if (done != null) {
                done.complete(null);
            }
        }
    }

    /** Writes a keep-alive if the stream wrote nothing for the interval; on the loop, by its {@link KeepAlives}. */
    void keepAliveIfIdle(long intervalNanos, long nowNanos) {
        if ((state == StreamState.LIVE || state == StreamState.CATCHING_UP) && writer.idleFor(intervalNanos, nowNanos)
                && !writer.full()) {
            writer.write(shared.settings().keepAliveFrame());
        }
    }

    /** Every stored channel reached its target; called by the {@link CatchUp}. */
    void caughtUp() {
        moveTo(StreamState.LIVE);
        writeWaiting();
    }

    /** The {@link CatchUp} wrote {@code count} events read from the store, after a {@code stream-reset} if asked. */
    void replayed(int count, boolean reset) {
        shared.metrics().delivered(count);
        shared.metrics().replayed(count);
        if (reset) {
            shared.metrics().reset();
        }
    }

    void catchUpFailed(Throwable failure) {
        LOG.debugf("Reading missed events of %s from the store failed (%s); ending the stream", plan.channels(), failure);
        endNow(StreamError.storeUnavailable(plan.channels()));
    }

    private void writable() {
        writer.drained();
        if (state == StreamState.CATCHING_UP) {
            catchUp().resume();
        } else if (state == StreamState.LIVE) {
            writeWaiting();
        }
    }

    private void writeWaiting() {
        while (state == StreamState.LIVE && waiting != null && !waiting.isEmpty() && !writer.full()) {
            write(waiting.poll());
        }
        writer.flush();
    }

    private void write(EventFrame event) {
        int index = event.position() > 0 ? cursor.indexOf(event.channel()) : -1;
        if (index < 0) {
            // not stored: no position to keep
            writer.append(event.body());
            shared.metrics().delivered(1);
            return;
        }
        long expected = cursor.position(index) + 1;
        if (event.position() < expected) {
            // already written by a replay
            return;
        }
        if (event.position() > expected) {
            // an event of this channel did not reach the stream live (published on another thread, or dropped):
            // the store has both, in order
            writer.flush();
            startCatchUp();
            return;
        }
        cursor.append(writer, index, event);
        shared.metrics().delivered(1);
    }

    private void await(EventFrame event) {
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        if (waiting.size() < shared.settings().maxQueuedEvents()) {
            waiting.add(event);
            return;
        }
        shared.metrics().overflow();
        if (plan.allStored()) {
            // everything waiting is in the store: drop it and read it back when the client is ready
            LOG.debugf("Stream on %s overflowed its queue; catching up from the store", plan.channels());
            waiting.clear();
            startCatchUp();
            return;
        }
        LOG.debugf("Stream on %s overflowed its queue of %d events; closing it", plan.channels(),
                shared.settings().maxQueuedEvents());
        endNow(StreamError.overflow(plan.channels()));
    }

    /** Reads from the stream's positions until a short page: what follows them is unknown. */
    private void startCatchUp() {
        if (state == StreamState.LIVE) {
            moveTo(StreamState.CATCHING_UP);
        }
        catchUp().start(null);
    }

    private CatchUp catchUp() {
        if (catchUp == null) {
            catchUp = new CatchUp(this, cursor, writer, shared.reads(), loop, shared.settings().replayPageSize());
        }
        return catchUp;
    }

    private void endNow(StreamError error) {
        if (!state.isOpen()) {
            return;
        }
        moveTo(StreamState.CLOSING);
        shared.metrics().ended(error.condition());
        waiting = null;
        if (catchUp != null) {
            catchUp.stop();
        }
        // what was decided before goes out; nothing after the error
        writer.write(error.frame());
        try {
            closeResponse.run();
        } catch (RuntimeException e) {
            LOG.debug("Ending a stream's response failed", e);
        }
        connectionEnded();
    }

    /** The one place the state changes. */
    private void moveTo(StreamState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("A stream cannot go from " + state + " to " + next);
        }
        state = next;
    }
}
