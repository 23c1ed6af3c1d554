package io.quarkiverse.eventstream.runtime;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.runtime.tx.AfterCommit;
import io.quarkiverse.eventstream.spi.EventStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The built-in {@link EventPublisher}: validates, encodes, stores the events of reliable channels, then delivers to
 * the open streams of this instance.
 */
@ApplicationScoped
public class EventPublisherImpl implements EventPublisher {

    // the width of the type column of the hibernate-orm store
    static final int MAX_TYPE_LENGTH = 1024;

    private final ObjectMapper objectMapper;
    private final ChannelRegistry registry;
    private final ChannelManager channelManager;
    private final EventStore store;
    private final AfterCommit afterCommit;

    @Inject
    EventPublisherImpl(ObjectMapper objectMapper, ChannelRegistry registry, ChannelManager channelManager,
            Instance<EventStore> store, Instance<AfterCommit> afterCommit) {
        this.objectMapper = objectMapper;
        this.registry = registry;
        this.channelManager = channelManager;
        this.store = store.isResolvable() ? store.get() : null;
        this.afterCommit = afterCommit.isResolvable() ? afterCommit.get() : null;
    }

    @Override
    public ChannelEvent publish(String channel, String type, Object data) {
        return publishRaw(channel, type, encode(data));
    }

    @Override
    public ChannelEvent publishRaw(String channel, String type, String data) {
        ChannelNames.check(channel);
        SseEncoder.checkField("type", type);
        if (type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("Event type must be at most " + MAX_TYPE_LENGTH + " characters long");
        }
        if (data == null) {
            throw new IllegalArgumentException("Event data must not be null; publish(channel, type, null) sends JSON null");
        }
        boolean reliable = store != null && channelManager.isReliable(channel);
        if (afterCommit != null) {
            if (reliable && store.isTransactional()) {
                // stored in the caller's transaction, seen by streams only once it commits
                ChannelEvent event = new ChannelEvent(channel, type, data, store.append(channel, type, data).position());
                if (!afterCommit.register(() -> registry.deliver(event))) {
                    registry.deliver(event);
                }
                return event;
            }
            if (afterCommit.register(() -> appendAndDeliver(channel, type, data, reliable))) {
                // its position is given at commit
                return new ChannelEvent(channel, type, data, 0);
            }
        }
        return appendAndDeliver(channel, type, data, reliable);
    }

    private ChannelEvent appendAndDeliver(String channel, String type, String data, boolean reliable) {
        ChannelEvent event = reliable
                ? new ChannelEvent(channel, type, data, store.append(channel, type, data).position())
                : new ChannelEvent(channel, type, data, 0);
        registry.deliver(event);
        return event;
    }

    @Override
    public Uni<ChannelEvent> publishAsync(String channel, String type, Object data) {
        return offload(Uni.createFrom().item(() -> publish(channel, type, data)));
    }

    @Override
    public Uni<ChannelEvent> publishRawAsync(String channel, String type, String data) {
        return offload(Uni.createFrom().item(() -> publishRaw(channel, type, data)));
    }

    @Override
    public String currentEventId(String... channels) {
        if (store == null) {
            return "";
        }
        List<String> stored = new ArrayList<>();
        for (String channel : channels) {
            ChannelNames.check(channel);
            if (channelManager.isReliable(channel) && !stored.contains(channel)) {
                stored.add(channel);
            }
        }
        if (stored.isEmpty()) {
            return "";
        }
        long[] positions = new long[stored.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = store.currentPosition(stored.get(i));
        }
        return new StreamCursor(store.epoch(), stored, positions).id();
    }

    @Override
    public int permissionChanged(String principal, String channel) {
        ChannelNames.check(channel);
        return registry.revoke(principal, channel, channelManager);
    }

    private Uni<ChannelEvent> offload(Uni<ChannelEvent> publish) {
        // a store doing I/O must not run on the event loop
        return store != null && store.isBlocking() ? publish.runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                : publish;
    }

    private String encode(Object data) {
        try {
            return objectMapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
