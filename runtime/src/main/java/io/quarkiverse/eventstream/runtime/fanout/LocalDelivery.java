package io.quarkiverse.eventstream.runtime.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.tracing.EventTracing;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;

/**
 * Delivers committed events to the streams of this instance: puts each stored channel's events in position order,
 * once each, reading from the store what never arrived ({@link DeliveryOrder}), encodes each event once, remembers it
 * for replays ({@link CoalescedReads#committed}), and hands it to the channel's streams, one task per event loop
 * ({@link ChannelStreams}).
 * <p>
 * This is the only way in to the streams. The publisher of this instance calls {@link #published} once an event
 * committed; the bus calls {@link #deliver} with the events of the other instances, {@link #reference} with those it carries
 * without their data, and {@link #repairTo} with the store's positions after it reconnected. Never blocks;
 * thread-safe.
 */
@Singleton
public class LocalDelivery {

    private final StreamIndex index;
    private final CoalescedReads reads;
    private final DeliveryOrder order;
    private volatile Consumer<ChannelEvent> forward = event -> {
    };
    @Inject
    EventTracing tracing;

    @Inject
    public LocalDelivery(StreamIndex index, CoalescedReads reads, EventStore store, EventStreamThreads threads,
            EventStreamMetrics metrics) {
        this.index = index;
        this.reads = reads;
        this.order = new DeliveryOrder(this::send, threads::timer, (channel, after, limit) -> read(store, threads,
                channel, after, limit), channel -> index.channel(channel) != null, metrics::busRepaired);
    }

    /**
     * Delivers a committed event of another instance to this instance's streams of its channel. Events of a stored
     * channel ({@code position > 0}) reach them in position order, once.
     */
    public void deliver(ChannelEvent event) {
        if (event.position() > 0) {
            order.arrive(event, false);
        } else {
            send(event);
        }
    }

    /**
     * Delivers a committed event published on this instance, as {@link #deliver}, and forwards it to the other
     * instances ({@link #forwardPublishedTo}), in position order per stored channel: the order in which they expect
     * it, so that none of them waits for an event overtaken on the way.
     */
    public void published(ChannelEvent event) {
        if (event.position() > 0) {
            order.arrive(event, true);
        } else {
            forward.accept(event);
            send(event);
        }
    }

    /**
     * @param forward takes each event {@link #published} here; called under a channel's lock, must not block
     */
    public void forwardPublishedTo(Consumer<ChannelEvent> forward) {
        this.forward = forward;
        order.forwardTo(forward);
    }

    /**
     * Delivers the committed event at {@code position} of the stored {@code channel}, read from the store.
     */
    public void reference(String channel, long position) {
        order.reference(channel, position);
    }

    /**
     * The store's last position of {@code channel} is {@code position}: delivers what this instance's streams of the
     * channel did not receive up to it.
     */
    public void repairTo(String channel, long position) {
        order.repairTo(channel, position);
    }

    /**
     * A stream joined the stored channels of its plan; on the stream's loop, once it receives their events.
     */
    public void joined(StreamPlan plan) {
        List<String> stored = plan.storedChannels();
        long[] positions = plan.storePositions();
        for (int i = 0; i < stored.size(); i++) {
            order.joined(stored.get(i), positions[i]);
        }
    }

    /**
     * @return the last position of {@code channel} handed on to this instance's streams; a stream that read the
     *         store's position before it joined the channel catches up to it
     */
    public long delivered(String channel) {
        return order.handedOn(channel);
    }

    private void send(ChannelEvent event) {
        ChannelStreams streams = index.channel(event.channel());
        if (streams == null && event.position() == 0) {
            return;
        }
        EventFrame frame = EventFrame.encode(event.channel(), event.position(), event.type(), event.data());
        if (event.position() > 0) {
            // before any stream sees it: a stream that replays after this event reached it finds it in memory
            reads.committed(frame);
        }
        if (streams != null) {
            // only an event that carries its publish's trace: nothing to allocate otherwise
            EventTracing.Delivery span = event.traceparent() == null ? null : tracing.delivering(event, streams.size());
            streams.deliver(frame);
            if (span != null) {
                span.end();
            }
        }
    }

    private static CompletionStage<List<ChannelEvent>> read(EventStore store, EventStreamThreads threads, String channel,
            long after, int limit) {
        if (!store.isBlocking()) {
            return CompletableFuture.completedFuture(events(store.readAfter(channel, after, limit)));
        }
        return CompletableFuture.supplyAsync(() -> events(store.readAfter(channel, after, limit)), threads.storeReads());
    }

    private static List<ChannelEvent> events(List<StoredEvent> stored) {
        List<ChannelEvent> events = new ArrayList<>(stored.size());
        for (StoredEvent event : stored) {
            events.add(new ChannelEvent(event.channel(), event.type(), event.data(), event.position()));
        }
        return events;
    }
}
