package io.quarkiverse.eventstream.runtime.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Encodes the payloads of {@code EventPublisher.publish} as compact JSON with the application's {@code ObjectMapper},
 * so its customizers apply. Thread-safe.
 */
public final class EventPayloads {

    private final ObjectMapper objectMapper;

    public EventPayloads(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /**
     * @param data the payload, may be {@code null} (JSON {@code null})
     * @throws IllegalArgumentException if Jackson cannot encode it
     */
    public String encode(Object data) {
        try {
            return objectMapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
