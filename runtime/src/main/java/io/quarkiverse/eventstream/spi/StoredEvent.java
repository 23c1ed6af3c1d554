package io.quarkiverse.eventstream.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as an {@link EventStore} keeps it.
 *
 * @param channel the channel, never {@code null}
 * @param position the event's position in its channel: 1 for the first event, strictly increasing
 * @param type the SSE event type, never {@code null}
 * @param data the encoded payload, never {@code null}
 * @param createdAt when the event was appended, never {@code null}
 */
public record StoredEvent(String channel, long position, String type, String data, Instant createdAt) {

    public StoredEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(createdAt, "createdAt");
        if (position < 1) {
            throw new IllegalArgumentException("position must be at least 1: " + position);
        }
    }
}
