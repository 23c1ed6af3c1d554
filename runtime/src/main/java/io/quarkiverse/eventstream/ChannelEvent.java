package io.quarkiverse.eventstream;

import java.util.Objects;

/**
 * An event as it was published to a channel: what {@link EventPublisher} returns and what streams deliver.
 * <p>
 * Immutable and thread-safe.
 */
public final class ChannelEvent {

    private final String channel;
    private final String type;
    private final String data;
    private final long position;
    private final String traceparent;

    /**
     * @param channel the channel, never {@code null}
     * @param type the SSE event type ({@code event:} field), never {@code null}
     * @param data the encoded payload ({@code data:} field), never {@code null}
     * @param position the event's position in its channel, {@code 0} when the event is not stored
     */
    public ChannelEvent(String channel, String type, String data, long position) {
        this(channel, type, data, position, null);
    }

    /**
     * @param channel the channel, never {@code null}
     * @param type the SSE event type ({@code event:} field), never {@code null}
     * @param data the encoded payload ({@code data:} field), never {@code null}
     * @param position the event's position in its channel, {@code 0} when the event is not stored
     * @param traceparent the W3C {@code traceparent} of the span that published the event, {@code null} without
     *        tracing
     */
    public ChannelEvent(String channel, String type, String data, long position, String traceparent) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.type = Objects.requireNonNull(type, "type");
        this.data = Objects.requireNonNull(data, "data");
        this.position = position;
        this.traceparent = traceparent;
    }

    /**
     * @return the channel the event was published to
     */
    public String channel() {
        return channel;
    }

    /**
     * @return the SSE event type, {@code message} unless the publisher chose another
     */
    public String type() {
        return type;
    }

    /**
     * @return the payload exactly as streams send it: JSON for {@code publish}, the raw string for {@code publishRaw}
     */
    public String data() {
        return data;
    }

    /**
     * @return the position of the event in its channel (1 for the first stored event), or {@code 0} when the event
     *         was not stored
     */
    public long position() {
        return position;
    }

    /**
     * @return the W3C {@code traceparent} of the span that published the event (with {@code quarkus-opentelemetry},
     *         when that span was sampled), or {@code null}; events read back from the store have none
     */
    public String traceparent() {
        return traceparent;
    }

    @Override
    public String toString() {
        // the payload stays out: it may be personal data
        return "ChannelEvent[channel=" + channel + ", type=" + type + ", position=" + position + "]";
    }
}
