package io.quarkiverse.eventstream.runtime.fanout;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;

/**
 * Delivers committed events to the streams of this instance: puts each stored channel's events in position order
 * ({@link DeliveryOrder}), encodes each event once, remembers it for replays ({@link CoalescedReads#committed}), and
 * hands it to the channel's streams, one task per event loop ({@link ChannelStreams}).
 * <p>
 * This is the only way in to the streams. Whatever sits between "committed" and the streams (a cross-instance bus)
 * calls {@link #deliver} with the committed event, as the publisher of this instance does. Never blocks; thread-safe.
 */
@Singleton
public class LocalDelivery {

    private final StreamIndex index;
    private final CoalescedReads reads;
    private final DeliveryOrder order;

    @Inject
    public LocalDelivery(StreamIndex index, CoalescedReads reads, EventStreamThreads threads) {
        this.index = index;
        this.reads = reads;
        this.order = new DeliveryOrder(this::send, threads::timer);
    }

    /**
     * Delivers a committed event to this instance's streams of its channel. Events of a stored channel
     * ({@code position > 0}) reach them in position order.
     */
    public void deliver(ChannelEvent event) {
        if (event.position() > 0) {
            order.arrive(event);
        } else {
            send(event);
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
            streams.deliver(frame);
        }
    }
}
