package io.quarkiverse.eventstream.runtime.fanout;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.quarkiverse.eventstream.ChannelEvent;

/**
 * Puts the events of each stored channel back in position order before they reach the streams, and remembers the last
 * position handed on.
 * <p>
 * Events are delivered by the threads that published them, once their transactions committed; two publishes to one
 * channel that commit close together can reach delivery in the other order. A stream that sees position 7 before 6
 * reads the store to fill the gap, and with thousands of streams on the channel that is thousands of reads. So an
 * event that arrives ahead of the next expected position waits, at most {@link #HOLD_MILLIS}, for the ones before it;
 * then everything waiting goes out in order anyway (the missing position may have been published by another instance,
 * or rolled back and not given yet): streams that miss something then catch up from the store as before. Events are
 * handed on while the channel's lock is held, so they leave in the order decided here.
 */
final class DeliveryOrder {

    /** How long an event waits for those before it. */
    static final long HOLD_MILLIS = 50;
    /** Events waiting per channel at most; past it they all go out at once. */
    private static final int MAX_HELD = 1_000;
    /** A channel with nothing published for this long forgets its next position. */
    private static final long IDLE_MILLIS = 60_000;

    private final Map<String, Sequence> sequences = new ConcurrentHashMap<>();
    private final Consumer<ChannelEvent> send;
    private final Supplier<ScheduledExecutorService> timer;
    private volatile boolean cleaning;

    /**
     * @param send hands an event on; called in order per channel, under the channel's lock
     * @param timer the thread of the hold timeouts
     */
    DeliveryOrder(Consumer<ChannelEvent> send, Supplier<ScheduledExecutorService> timer) {
        this.send = send;
        this.timer = timer;
    }

    /** Hands {@code event} (of a stored channel) on in order, now or within {@link #HOLD_MILLIS}. Thread-safe. */
    void arrive(ChannelEvent event) {
        if (!cleaning) {
            startCleaning();
        }
        while (true) {
            Sequence sequence = sequences.computeIfAbsent(event.channel(), c -> new Sequence());
            if (sequence.arrive(event)) {
                return;
            }
            // that sequence was just forgotten as idle: use a new one
        }
    }

    /**
     * @return the last position of {@code channel} handed on, 0 when nothing was for a while
     */
    long handedOn(String channel) {
        Sequence sequence = sequences.get(channel);
        return sequence == null ? 0 : sequence.handedOn();
    }

    private void startCleaning() {
        if (!cleaning) {
            synchronized (this) {
                if (!cleaning) {
                    timer.get().scheduleWithFixedDelay(this::forgetIdle, IDLE_MILLIS, IDLE_MILLIS, TimeUnit.MILLISECONDS);
                    cleaning = true;
                }
            }
        }
    }

    private void forgetIdle() {
        long now = System.nanoTime();
        sequences.forEach((channel, sequence) -> {
            if (sequence.retireIfIdle(now)) {
                sequences.remove(channel, sequence);
            }
        });
    }

    private final class Sequence {
        private long next;
        private final TreeMap<Long, ChannelEvent> held = new TreeMap<>();
        private boolean flushScheduled;
        private long lastArrival = System.nanoTime();
        private boolean retired;

        synchronized boolean arrive(ChannelEvent event) {
            if (retired) {
                return false;
            }
            lastArrival = System.nanoTime();
            long position = event.position();
            if (next == 0 || position == next) {
                send.accept(event);
                next = position + 1;
                sendConsecutive();
            } else if (position < next) {
                // late: streams skip what they already have
                send.accept(event);
            } else {
                held.put(position, event);
                if (held.size() > MAX_HELD) {
                    sendAllHeld();
                } else if (!flushScheduled) {
                    flushScheduled = true;
                    timer.get().schedule(this::timeout, HOLD_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            return true;
        }

        synchronized long handedOn() {
            return next == 0 ? 0 : next - 1;
        }

        private void sendConsecutive() {
            while (!held.isEmpty() && held.firstKey() == next) {
                send.accept(held.pollFirstEntry().getValue());
                next++;
            }
        }

        private synchronized void timeout() {
            flushScheduled = false;
            sendAllHeld();
        }

        private void sendAllHeld() {
            while (!held.isEmpty()) {
                Map.Entry<Long, ChannelEvent> first = held.pollFirstEntry();
                send.accept(first.getValue());
                next = first.getKey() + 1;
            }
        }

        synchronized boolean retireIfIdle(long now) {
            if (held.isEmpty() && now - lastArrival > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
                retired = true;
            }
            return retired;
        }
    }
}
