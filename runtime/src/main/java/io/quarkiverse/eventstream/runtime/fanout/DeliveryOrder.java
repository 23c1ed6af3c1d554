package io.quarkiverse.eventstream.runtime.fanout;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.ChannelEvent;

/**
 * Puts the events of each stored channel in position order before they reach the streams, exactly once, reading from
 * the store what never arrived; remembers the last position handed on.
 * <p>
 * Events arrive from the threads that published them on this instance, once their transactions committed, and from
 * the bus, which may drop, repeat or reorder them. Per channel: an event at or below the last position handed on is a
 * duplicate and is dropped. An event past the next position waits, at most {@link #HOLD_MILLIS}, for the ones before
 * it (two publishes that commit close together can arrive in the other order); then the missing ones are read from
 * the store ({@link Repair}), once for the whole instance rather than once per stream, and everything goes out in
 * order. A {@link #reference} (an event known to exist, without its data) and {@link #repairTo} (the store's current
 * position, after the bus reconnected or at the periodic check) are read at once. What the store does not have (a
 * position rolled back, or purged) is skipped: streams that miss something read the store themselves, as before. A
 * channel without streams here is not repaired: its events are only remembered for replays.
 * <p>
 * Events are handed on while the channel's lock is held, so they leave in the order decided here. The sequence of a
 * channel with streams here is kept; that of a channel without streams is forgotten after a minute without events.
 */
final class DeliveryOrder {

    private static final Logger LOG = Logger.getLogger(DeliveryOrder.class);

    /** How long an event waits for those before it. */
    static final long HOLD_MILLIS = 50;
    /** Events waiting per channel at most; past it the missing ones are read at once. */
    private static final int MAX_HELD = 1_000;
    /** The most events one repair read asks for. */
    static final int REPAIR_PAGE = 500;
    /** A channel without streams here and without events for this long forgets its next position. */
    private static final long IDLE_MILLIS = 60_000;

    /** Reads the events of a stored channel from the store; never blocks the caller. */
    interface Repair {
        /**
         * @return the stored events of {@code channel} after {@code after}, in order, at most {@code limit}
         */
        CompletionStage<List<ChannelEvent>> readAfter(String channel, long after, int limit);
    }

    private final Map<String, Sequence> sequences = new ConcurrentHashMap<>();
    private final Consumer<ChannelEvent> send;
    private volatile Consumer<ChannelEvent> forward = event -> {
    };
    private final Supplier<ScheduledExecutorService> timer;
    private final Repair repair;
    private final Predicate<String> hasStreams;
    private volatile boolean cleaning;
    private final IntConsumer repaired;

    /**
     * @param send hands an event on; called in order per channel, under the channel's lock
     * @param timer the thread of the hold timeouts
     * @param repair reads missing events from the store
     * @param hasStreams whether a channel has streams on this instance
     */
    DeliveryOrder(Consumer<ChannelEvent> send, Supplier<ScheduledExecutorService> timer, Repair repair,
            Predicate<String> hasStreams) {
        this(send, timer, repair, hasStreams, count -> {
        });
    }

    /**
     * @param repaired told how many events a read of the store found that had not arrived
     */
    DeliveryOrder(Consumer<ChannelEvent> send, Supplier<ScheduledExecutorService> timer, Repair repair,
            Predicate<String> hasStreams, IntConsumer repaired) {
        this.repaired = repaired;
        this.send = send;
        this.timer = timer;
        this.repair = repair;
        this.hasStreams = hasStreams;
    }

    /**
     * Hands {@code event} (of a stored channel) on in order, now or once the ones before it are known. Thread-safe.
     *
     * @param published whether it was published on this instance: it is then also forwarded ({@link #forwardTo}), in
     *        position order, even when a read of the store handed it on first
     */
    void arrive(ChannelEvent event, boolean published) {
        sequence(event.channel(), 0).arrive(event.position(), new Arrival(event, published));
    }

    /**
     * @param forward takes the events published on this instance, in position order per channel, under the channel's
     *        lock: must not block
     */
    void forwardTo(Consumer<ChannelEvent> forward) {
        this.forward = forward;
    }

    /** The event at {@code position} of {@code channel} exists; reads it (and any before it) from the store. */
    void reference(String channel, long position) {
        sequence(channel, 0).arrive(position, null);
    }

    /**
     * The store's last position of {@code channel} is {@code position}: reads what this instance did not hand on up to
     * it, when the channel has streams here.
     */
    void repairTo(String channel, long position) {
        Sequence sequence = sequences.get(channel);
        if (sequence != null && position > sequence.handedOn()) {
            sequence.arrive(position, null);
        }
    }

    /**
     * A stream joined {@code channel} knowing its position in the store: the channel's sequence starts there when it
     * has none yet, so that what the bus drops afterwards is noticed.
     */
    void joined(String channel, long position) {
        sequence(channel, position + 1);
    }

    /**
     * @return the last position of {@code channel} handed on, 0 when nothing was for a while
     */
    long handedOn(String channel) {
        Sequence sequence = sequences.get(channel);
        return sequence == null ? 0 : sequence.handedOn();
    }

    private Sequence sequence(String channel, long next) {
        if (!cleaning) {
            startCleaning();
        }
        while (true) {
            Sequence sequence = sequences.computeIfAbsent(channel, c -> new Sequence(c, next));
            if (!sequence.retired()) {
                return sequence;
            }
            // that sequence was just forgotten as idle: use a new one
            sequences.remove(channel, sequence);
        }
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
            if (!hasStreams.test(channel) && sequence.retireIfIdle(now)) {
                sequences.remove(channel, sequence);
            }
        });
    }

    /** An event as it arrived, and whether this instance published it. */
    private record Arrival(ChannelEvent event, boolean published) {
    }

    private final class Sequence {
        private final String channel;
        /** The next position to hand on; 0 until the first event tells. */
        private long next;
        /** Positions waiting, in order; a {@code null} arrival is known to exist and is read from the store. */
        private final TreeMap<Long, Arrival> held = new TreeMap<>();
        private boolean timeoutScheduled;
        private boolean repairing;
        private long lastArrival = System.nanoTime();
        private boolean retired;

        Sequence(String channel, long next) {
            this.channel = channel;
            this.next = next;
        }

        synchronized boolean retired() {
            return retired;
        }

        synchronized void arrive(long position, Arrival arrival) {
            lastArrival = System.nanoTime();
            if (next != 0 && position < next) {
                // already handed on: streams have it or read it; the other instances may not
                if (arrival != null && arrival.published()) {
                    forward.accept(arrival.event());
                }
                return;
            }
            if (arrival != null && (next == 0 || position == next) && held.isEmpty()) {
                handOn(arrival);
                return;
            }
            if (arrival != null) {
                Arrival before = held.get(position);
                if (before == null || !before.published()) {
                    held.put(position, arrival);
                }
            } else {
                held.putIfAbsent(position, null);
            }
            sendConsecutive();
            if (held.isEmpty()) {
                return;
            }
            if (arrival == null || held.size() > MAX_HELD) {
                repair();
            } else if (!timeoutScheduled && !repairing) {
                timeoutScheduled = true;
                timer.get().schedule(this::timeout, HOLD_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        synchronized long handedOn() {
            return next == 0 ? 0 : next - 1;
        }

        private void handOn(Arrival arrival) {
            if (arrival.published()) {
                // first: the message then waits behind less of this instance's own fan-out
                forward.accept(arrival.event());
            }
            send.accept(arrival.event());
            next = arrival.event().position() + 1;
        }

        private void sendConsecutive() {
            while (!held.isEmpty() && held.firstKey() == next && held.firstEntry().getValue() != null) {
                handOn(held.pollFirstEntry().getValue());
            }
        }

        private synchronized void timeout() {
            timeoutScheduled = false;
            if (!held.isEmpty()) {
                repair();
            }
        }

        /** Reads from the store what is missing before the last position held; under the lock. */
        private void repair() {
            if (repairing) {
                return;
            }
            if (!hasStreams.test(channel)) {
                // nobody here waits for them
                skipMissing();
                return;
            }
            long after = next == 0 ? held.firstKey() - 1 : next - 1;
            int limit = (int) Math.min(REPAIR_PAGE, held.lastKey() - after);
            repairing = true;
            CompletionStage<List<ChannelEvent>> read;
            try {
                read = repair.readAfter(channel, after, limit);
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            read.whenComplete((events, failure) -> repaired(after, limit, events, failure));
        }

        private synchronized void repaired(long after, int limit, List<ChannelEvent> events, Throwable failure) {
            repairing = false;
            if (failure != null) {
                LOG.debugf(failure, "Reading missed events of %s from the store failed", channel);
                skipMissing();
                return;
            }
            if (next == 0) {
                next = after + 1;
            }
            int found = 0;
            for (ChannelEvent event : events) {
                if (event.position() >= next && held.get(event.position()) == null) {
                    // an arrival already held keeps whether it was published here
                    held.put(event.position(), new Arrival(event, false));
                    found++;
                }
            }
            repaired.accept(found);
            sendConsecutive();
            if (held.isEmpty()) {
                return;
            }
            if (events.size() == limit) {
                // a full page: more to read
                repair();
                return;
            }
            // the store has nothing else up to after + limit: skip what it lacks there
            while (!held.isEmpty() && held.firstKey() <= after + limit) {
                Map.Entry<Long, Arrival> first = held.pollFirstEntry();
                if (first.getValue() != null) {
                    handOn(first.getValue());
                }
                next = first.getKey() + 1;
            }
            sendConsecutive();
            if (held.isEmpty()) {
                return;
            }
            // arrived while reading, past a new gap
            if (held.containsValue(null) || held.size() > MAX_HELD) {
                repair();
            } else if (!timeoutScheduled) {
                timeoutScheduled = true;
                timer.get().schedule(this::timeout, HOLD_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        /** Hands on what is held, in order, past the positions nobody can read now. */
        private void skipMissing() {
            while (!held.isEmpty()) {
                Map.Entry<Long, Arrival> first = held.pollFirstEntry();
                if (first.getValue() != null) {
                    handOn(first.getValue());
                }
                next = first.getKey() + 1;
            }
        }

        synchronized boolean retireIfIdle(long now) {
            if (held.isEmpty() && !repairing && now - lastArrival > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
                retired = true;
            }
            return retired;
        }
    }
}
