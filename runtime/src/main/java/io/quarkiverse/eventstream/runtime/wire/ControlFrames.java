package io.quarkiverse.eventstream.runtime.wire;

import java.util.Collection;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * The frames of the protocol itself, around the application's events: {@code stream-open}, {@code stream-reset},
 * {@code stream-error}, keep-alives and the preamble ({@code retry:}, padding). Pure functions, thread-safe.
 */
public final class ControlFrames {

    private ControlFrames() {
    }

    /**
     * @param paddingSpaces spaces of a comment for polyfills that buffer the first bytes, {@code 0} for none
     * @param retryMillis the {@code retry:} field, or a negative value for none
     * @return what a stream writes before {@code stream-open}
     */
    public static String preamble(int paddingSpaces, long retryMillis) {
        StringBuilder out = new StringBuilder();
        if (paddingSpaces > 0) {
            out.append(SseEncoder.comment(" ".repeat(paddingSpaces)));
        }
        if (retryMillis >= 0) {
            out.append(SseEncoder.retry(retryMillis));
        }
        return out.toString();
    }

    /**
     * The first frames of a stream: the preamble, {@code stream-open}, then one {@code stream-reset} naming the channels
     * whose cursor could not be honoured, if any.
     *
     * @param id the stream's cursor, or {@code null} for a stream without stored channels
     */
    public static Buffer opening(String preamble, String id, List<String> resetChannels) {
        StringBuilder out = new StringBuilder(preamble).append(SseEncoder.event(id, "stream-open", ""));
        if (!resetChannels.isEmpty()) {
            out.append(reset(id, resetChannels));
        }
        return Buffer.buffer(out.toString());
    }

    /**
     * A {@code stream-reset} event: the stream cannot deliver what it missed on {@code channels}.
     *
     * @param id the stream's cursor, positioned at "now" on those channels
     */
    public static String reset(String id, Collection<String> channels) {
        return SseEncoder.event(id, "stream-reset", ErrorBodies.resetData(channels));
    }

    /**
     * A {@code stream-error} event, the last of a stream. It carries no id: the client keeps its cursor.
     */
    public static Buffer error(String condition, String message, Collection<String> channels) {
        return Buffer.buffer(SseEncoder.event(null, "stream-error", ErrorBodies.streamError(condition, message, channels)));
    }

    /**
     * @param asEvent a {@code keep-alive} event rather than a comment
     */
    public static Buffer keepAlive(boolean asEvent) {
        return Buffer.buffer(asEvent ? SseEncoder.event(null, "keep-alive", "") : SseEncoder.comment(""));
    }

    /**
     * The {@code id:} line of a cursor.
     */
    public static String idLine(String id) {
        return "id: " + id + '\n';
    }
}
