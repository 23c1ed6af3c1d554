package io.quarkiverse.eventstream.runtime.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes one stream's frames to its response, on the stream's event loop. Frames appended in one turn of the loop go
 * out in one write (one chunk, one system call); a lone frame is written as it is, shared with the other streams
 * that write it, never copied. Writes carry no completion listener: nothing waits for them, and the connection's
 * back-pressure ({@link #full()}, the drain handler) is what paces the stream.
 */
final class StreamWriter {

    /** A gathered write goes out once it reaches this size, so the connection's back-pressure is checked often. */
    private static final int FLUSH_BYTES = 32 * 1024;
    /**
     * Bytes written before the connection is asked again whether it takes more: it can only stop taking more once it
     * holds its high-water mark (64 KiB in Netty), so asking after each small event is wasted, and this bounds how far
     * a stream writes past that mark.
     */
    private static final int UNASKED_BYTES = 16 * 1024;

    private final HttpServerResponse response;
    private final Runnable onClosed;
    // frames appended and not written yet: one shared frame, or a buffer gathering several
    private Buffer single;
    private Buffer gathered;
    private long lastWriteNanos = System.nanoTime();
    // what the connection said when last asked, and the bytes written since
    private boolean full;
    private int unasked;

    /**
     * @param onClosed called when a write finds the response ended: the client went away
     */
    StreamWriter(HttpServerResponse response, Runnable onClosed) {
        this.response = response;
        this.onClosed = onClosed;
    }

    /**
     * @return whether the connection holds as much as it should: write no more until it drains
     */
    boolean full() {
        if (full || unasked >= UNASKED_BYTES) {
            full = response.writeQueueFull();
            unasked = 0;
        }
        return full;
    }

    /** The connection drained: it takes more (its drain handler). */
    void drained() {
        full = false;
        unasked = 0;
    }

    /**
     * @return whether the response ended or its connection closed
     */
    boolean closed() {
        return response.closed() || response.ended();
    }

    /**
     * @return whether nothing was appended since the last flush: a frame appended now goes out as it is
     */
    boolean isEmpty() {
        return single == null && gathered == null;
    }

    /** Appends a frame, written by the next {@link #flush()} (or sooner, once enough is gathered). */
    void append(Buffer frame) {
        if (isEmpty()) {
            single = frame;
            return;
        }
        gather(frame.length()).appendBuffer(frame);
        if (gathered.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    /** Appends text, always gathered; the frame appended after it completes it before anything is written. */
    void append(String text) {
        gather(text.length()).appendString(text);
    }

    private Buffer gather(int length) {
        if (gathered == null) {
            gathered = Buffer.buffer(length + 256 + (single == null ? 0 : single.length()));
            if (single != null) {
                gathered.appendBuffer(single);
                single = null;
            }
        }
        return gathered;
    }

    /** Writes what was appended. */
    void flush() {
        Buffer out = single != null ? single : gathered;
        single = null;
        gathered = null;
        if (out != null) {
            write(out);
        }
    }

    /** Writes what was appended, then {@code frame}. */
    void write(Buffer frame) {
        flush();
        lastWriteNanos = System.nanoTime();
        unasked += frame.length();
        try {
            response.write(frame, null);
        } catch (IllegalStateException e) {
            // the response ended under us
            onClosed.run();
        }
    }

    /**
     * @return whether nothing was written for {@code intervalNanos} before {@code nowNanos}
     */
    boolean idleFor(long intervalNanos, long nowNanos) {
        return nowNanos - lastWriteNanos >= intervalNanos;
    }
}
