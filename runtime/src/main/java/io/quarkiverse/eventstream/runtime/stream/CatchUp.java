package io.quarkiverse.eventstream.runtime.stream;

import java.util.List;
import java.util.concurrent.CompletionException;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.vertx.core.buffer.Buffer;

/**
 * Reads what a stream missed from the store and writes it, page by page: the replay after a client's cursor, or the
 * catch-up after a gap or an overflow. Channel after channel, one read at a time, each page applied on the stream's
 * event loop, the next read in a later turn of the loop and only while the connection takes more. A page that starts
 * past the stream's position (events purged or evicted while the client lagged) is announced with a
 * {@code stream-reset} rather than skipped silently.
 * <p>
 * With targets (a replay), a channel is done once the stream reached the store's position of the time the stream was
 * admitted; without (a catch-up), once a read returns a short page. Confined to the stream's loop.
 */
final class CatchUp {

    private final Stream stream;
    private final StreamCursor cursor;
    private final StreamWriter writer;
    private final CoalescedReads reads;
    private final EventLoop loop;
    private final int pageSize;

    private boolean active;
    private long[] targets;
    // the channel being read, and a count of starts: a page of an earlier start never moves a later one on
    private int channel;
    private int round;
    private boolean reading;

    CatchUp(Stream stream, StreamCursor cursor, StreamWriter writer, CoalescedReads reads, EventLoop loop, int pageSize) {
        this.stream = stream;
        this.cursor = cursor;
        this.writer = writer;
        this.reads = reads;
        this.loop = loop;
        this.pageSize = pageSize;
    }

    /**
     * Starts reading from the stream's positions, or starts again from the first channel if it was reading.
     *
     * @param targets per stored channel, the position where reading ends; {@code null} to read until a short page
     */
    void start(long[] targets) {
        this.targets = targets;
        this.channel = 0;
        this.round++;
        this.active = true;
        next();
    }

    /** Continues once the connection takes more. */
    void resume() {
        next();
    }

    /** Stops: the stream ends. A read in flight is ignored when it completes. */
    void stop() {
        active = false;
    }

    private void next() {
        if (!active || reading || writer.full()) {
            return;
        }
        if (channel >= cursor.size()) {
            active = false;
            stream.caughtUp();
            return;
        }
        int index = channel;
        int started = round;
        reading = true;
        // completed at once by a store that does not block; else on a reading thread, back to the loop here
        reads.readAfter(cursor.channel(index), cursor.position(index), pageSize).whenComplete((page, failure) -> {
            if (loop.inEventLoop()) {
                read(started, index, page, failure);
            } else {
                loop.execute(() -> read(started, index, page, failure));
            }
        });
    }

    private void read(int started, int index, List<EventFrame> page, Throwable failure) {
        reading = false;
        if (!active) {
            return;
        }
        if (failure != null) {
            active = false;
            stream.catchUpFailed(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure);
            return;
        }
        boolean reset = !page.isEmpty() && page.get(0).position() > cursor.position(index) + 1;
        if (reset) {
            // what lay between was purged or evicted while the client lagged
            cursor.advance(index, page.get(0).position() - 1);
            writer.append(Buffer.buffer(ControlFrames.reset(cursor.id(), List.of(cursor.channel(index)))));
        }
        int written = 0;
        for (EventFrame event : page) {
            if (event.position() > cursor.position(index)) {
                cursor.append(writer, index, event);
                written++;
            }
        }
        stream.replayed(written, reset);
        writer.flush();
        boolean done = page.isEmpty()
                || (targets != null ? cursor.position(index) >= targets[index] : page.size() < pageSize);
        if (started == round && index == channel && done) {
            channel++;
        }
        if (!writer.full()) {
            // a later turn of the loop, so a long replay does not hold it; else the drain handler resumes
            loop.execute(this::next);
        }
    }
}
