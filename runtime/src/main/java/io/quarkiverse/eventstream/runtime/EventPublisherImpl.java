package io.quarkiverse.eventstream.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;
import io.smallrye.mutiny.Uni;

/**
 * The built-in {@link EventPublisher}: validates, encodes, delivers to the open streams of this instance.
 */
@ApplicationScoped
public class EventPublisherImpl implements EventPublisher {

    private final ObjectMapper objectMapper;
    private final ChannelRegistry registry;

    @Inject
    EventPublisherImpl(ObjectMapper objectMapper, ChannelRegistry registry) {
        this.objectMapper = objectMapper;
        this.registry = registry;
    }

    @Override
    public ChannelEvent publish(String channel, String type, Object data) {
        return publishRaw(channel, type, encode(data));
    }

    @Override
    public ChannelEvent publishRaw(String channel, String type, String data) {
        ChannelNames.check(channel);
        SseEncoder.checkField("type", type);
        if (data == null) {
            throw new IllegalArgumentException("Event data must not be null; publish(channel, type, null) sends JSON null");
        }
        ChannelEvent event = new ChannelEvent(channel, type, data, 0);
        registry.deliver(event);
        return event;
    }

    @Override
    public Uni<ChannelEvent> publishAsync(String channel, String type, Object data) {
        return Uni.createFrom().item(() -> publish(channel, type, data));
    }

    @Override
    public Uni<ChannelEvent> publishRawAsync(String channel, String type, String data) {
        return Uni.createFrom().item(() -> publishRaw(channel, type, data));
    }

    private String encode(Object data) {
        try {
            return objectMapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
