package io.quarkiverse.eventstream.runtime.stream;

import java.util.Collection;
import java.util.List;

import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.vertx.core.buffer.Buffer;

/**
 * Why a stream ends after it started: the {@code stream-error} event it writes last.
 *
 * @param condition the condition clients match on
 * @param message for people
 * @param channels the channels concerned
 */
public record StreamError(String condition, String message, List<String> channels) {

    public static StreamError overflow(Collection<String> channels) {
        return new StreamError("overflow", "The client did not read events fast enough", List.copyOf(channels));
    }

    public static StreamError storeUnavailable(Collection<String> channels) {
        return new StreamError("store-unavailable", "Missed events could not be read", List.copyOf(channels));
    }

    public static StreamError forbidden(Collection<String> channels) {
        return new StreamError("forbidden", "Permission to read " + String.join(", ", channels) + " was withdrawn",
                List.copyOf(channels));
    }

    public static StreamError expired(Collection<String> channels) {
        return new StreamError("expired", "The credentials of this stream expired", List.copyOf(channels));
    }

    public static StreamError shutdown(Collection<String> channels) {
        return new StreamError("shutdown", "The server is shutting down", List.copyOf(channels));
    }

    /**
     * @return the {@code stream-error} event
     */
    public Buffer frame() {
        return ControlFrames.error(condition, message, channels);
    }
}
