package io.quarkiverse.eventstream.runtime.admission;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a stream cannot be opened, raised by {@link Admission} (and by the per-identity quota) and answered by the
 * responder in one place: a real HTTP status with a JSON body for a direct stream.
 */
public final class StreamRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The conditions, each with the HTTP status of a direct answer and the name clients match on.
     */
    public enum Reason {
        NO_CHANNEL(400, "no-channel"),
        TOO_MANY_CHANNELS(400, "too-many-channels"),
        INVALID_CHANNEL(400, "invalid-channel"),
        UNAUTHORIZED(401, "unauthorized"),
        FORBIDDEN(403, "forbidden"),
        INVALID_CURSOR(400, "invalid-cursor"),
        TOO_MANY_STREAMS(429, "too-many-streams"),
        /**
         * The store could not be read while the stream opened. Not the client's fault and not for good: a direct stream
         * answers {@code 200} and ends at once with a {@code stream-error}, so the client reconnects with its cursor.
         */
        STORE_UNAVAILABLE(200, "store-unavailable");

        private final int status;
        private final String condition;

        Reason(int status, String condition) {
            this.status = status;
            this.condition = condition;
        }

        /**
         * @return the status of a direct answer
         */
        public int status() {
            return status;
        }

        /**
         * @return the condition's name on the wire ({@code error} of the JSON body, or of the {@code stream-error})
         */
        public String condition() {
            return condition;
        }
    }

    private final Reason reason;
    private final List<String> channels;
    private final Map<String, String> corsHeaders;

    /**
     * @param channels the channels the refusal is about, may be empty
     * @param corsHeaders the CORS headers the answer carries
     * @param cause the store's failure for {@link Reason#STORE_UNAVAILABLE}, else {@code null}
     */
    public StreamRefusal(Reason reason, String message, List<String> channels, Map<String, String> corsHeaders,
            Throwable cause) {
        // control flow, not a bug: no stack trace
        super(message, cause, false, false);
        this.reason = reason;
        this.channels = List.copyOf(channels);
        this.corsHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(corsHeaders));
    }

    public Reason reason() {
        return reason;
    }

    public List<String> channels() {
        return channels;
    }

    public Map<String, String> corsHeaders() {
        return corsHeaders;
    }
}
