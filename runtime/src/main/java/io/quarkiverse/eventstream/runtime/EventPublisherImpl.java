package io.quarkiverse.eventstream.runtime;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.runtime.bus.BusLink;
import io.quarkiverse.eventstream.runtime.channel.ChannelNames;
import io.quarkiverse.eventstream.runtime.channel.StoredChannels;
import io.quarkiverse.eventstream.runtime.fanout.LocalDelivery;
import io.quarkiverse.eventstream.runtime.fanout.Revocation;
import io.quarkiverse.eventstream.runtime.grip.GripPublisher;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.tracing.EventTracing;
import io.quarkiverse.eventstream.runtime.tx.AfterCommit;
import io.quarkiverse.eventstream.runtime.wire.CursorCodec;
import io.quarkiverse.eventstream.runtime.wire.EventPayloads;
import io.quarkiverse.eventstream.runtime.wire.SseEncoder;
import io.quarkiverse.eventstream.spi.EventStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The built-in {@link EventPublisher}. One path for every event: validate, append to the store (a stored channel's
 * event gets its position), then deliver once the caller's transaction committed ({@link AfterCommit}: at once when
 * there is none) to {@link LocalDelivery}, to the other instances through the {@link BusLink} (inside the
 * transaction when the bus can join it, so that a rolled-back publish reaches nobody), and to the GRIP proxies
 * ({@link GripPublisher}), which hold streams for every instance.
 */
@ApplicationScoped
public class EventPublisherImpl implements EventPublisher {

    // the width of the type column of the hibernate-orm store
    static final int MAX_TYPE_LENGTH = 1024;

    private final EventPayloads payloads;
    private final EventStore store;
    private final StoredChannels storedChannels;
    private final AfterCommit afterCommit;
    private final LocalDelivery delivery;
    private final Revocation revocation;
    private final BusLink bus;
    private final GripPublisher grip;
    private final EventStreamMetrics metrics;
    // the Dev UI's live log while it is open, else null: one volatile read per publish
    private volatile Consumer<ChannelEvent> observer;
    @Inject
    EventTracing tracing;

    @Inject
    EventPublisherImpl(ObjectMapper objectMapper, EventStore store, StoredChannels storedChannels,
            AfterCommit afterCommit, LocalDelivery delivery, Revocation revocation, BusLink bus, GripPublisher grip,
            EventStreamMetrics metrics) {
        this.payloads = new EventPayloads(objectMapper);
        this.store = store;
        this.storedChannels = storedChannels;
        this.afterCommit = afterCommit;
        this.delivery = delivery;
        this.revocation = revocation;
        this.bus = bus;
        this.grip = grip;
        this.metrics = metrics;
    }

    @Override
    public ChannelEvent publish(String channel, String type, Object data) {
        return publishRaw(channel, type, payloads.encode(data));
    }

    @Override
    public ChannelEvent publishRaw(String channel, String type, String data) {
        // the span ends here even when the transaction commits later: the caller's span may end before that
        EventTracing.Publish span = tracing.publishing(channel, type);
        try {
            ChannelEvent event = publishRaw(channel, type, data, span.traceparent());
            span.published(event);
            return event;
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private ChannelEvent publishRaw(String channel, String type, String data, String traceparent) {
        long start = metrics.start();
        ChannelNames.check(channel);
        SseEncoder.checkField("type", type);
        if (type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("Event type must be at most " + MAX_TYPE_LENGTH + " characters long");
        }
        if (data == null) {
            throw new IllegalArgumentException("Event data must not be null; publish(channel, type, null) sends JSON null");
        }
        SseEncoder.checkData(data);
        boolean stored = storedChannels.isStored(channel);
        if (stored && store.isTransactional() || !afterCommit.inTransaction()) {
            // appended now, in the caller's transaction if there is one; seen by streams once that commits
            ChannelEvent event = append(channel, type, data, stored, traceparent);
            // the store's transaction may have carried it to the other instances already
            boolean sent = stored && bus.storeSends();
            afterCommit.run(() -> committed(event, sent, start));
            return event;
        }
        // a store that does not join the caller's transaction: append only once it committed
        afterCommit.run(() -> committed(append(channel, type, data, stored, traceparent), stored && bus.storeSends(),
                start));
        // its position is given at commit
        return new ChannelEvent(channel, type, data, 0, traceparent);
    }

    private void committed(ChannelEvent event, boolean sentOnBus, long start) {
        grip.publish(event);
        if (sentOnBus) {
            delivery.deliver(event);
        } else {
            // to this instance's streams, and in position order to the other instances
            delivery.published(event);
        }
        metrics.published(event.position() > 0, start);
        Consumer<ChannelEvent> observer = this.observer;
        if (observer != null) {
            observer.accept(event);
        }
    }

    private ChannelEvent append(String channel, String type, String data, boolean stored, String traceparent) {
        long start = stored ? metrics.start() : 0;
        long position = stored ? store.append(channel, type, data).position() : 0;
        if (stored) {
            metrics.appended(start);
        }
        return new ChannelEvent(channel, type, data, position, traceparent);
    }

    /**
     * Shows each event published on this instance, once committed, to {@code observer} (the Dev UI's live log); it runs
     * on the committing thread, after the event was handed on, and must neither block nor throw. {@code null} stops it.
     */
    public void observePublished(Consumer<ChannelEvent> observer) {
        this.observer = observer;
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
        for (String channel : channels) {
            ChannelNames.check(channel);
        }
        List<String> stored = storedChannels.storedOf(List.of(channels));
        if (stored.isEmpty()) {
            return "";
        }
        String[] keys = new String[stored.size()];
        long[] positions = new long[stored.size()];
        for (int i = 0; i < positions.length; i++) {
            keys[i] = CursorCodec.key(stored.get(i));
            positions[i] = store.currentPosition(stored.get(i));
        }
        return CursorCodec.encode(storedChannels.epoch(), keys, positions);
    }

    @Override
    public int permissionChanged(String principal, String channel) {
        ChannelNames.check(channel);
        afterCommit.run(() -> {
            bus.permissionChanged(principal, channel);
            grip.permissionChanged(principal, channel);
        });
        return revocation.permissionChanged(principal, channel);
    }

    private Uni<ChannelEvent> offload(Uni<ChannelEvent> publish) {
        // a store doing I/O must not run on the event loop
        return store.isBlocking() ? publish.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : publish;
    }
}
