package io.quarkiverse.eventstream.runtime.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkiverse.eventstream.runtime.wire.EventFrame;

/**
 * The last committed events of each stored channel that reached this instance's streams, kept in memory in front of a
 * blocking store, so that a reconnect storm replays without queries.
 * <p>
 * Each channel keeps one run of consecutive positions, at most {@code perChannel} events. The run only ever holds
 * committed events: they are added once their transaction committed, in the order deliveries reach it. An event that
 * does not follow the run (one published by another instance, or commits overtaking each other) starts a new run, so a
 * run never has a hole. A read is answered only when the run holds the position that follows the cursor; anything
 * else, an empty answer included, goes to the store. So the cache can only ever answer less than the store, never
 * something else. At most {@code maxChannels} channels are kept; past that, the channel published to least recently
 * is dropped. With a {@code perChannel} of 0 it keeps nothing.
 */
final class RecentEvents {

    private final int perChannel;
    private final int maxChannels;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    RecentEvents(int perChannel, int maxChannels) {
        this.perChannel = perChannel;
        this.maxChannels = maxChannels;
    }

    void add(EventFrame event) {
        if (perChannel == 0 || event.position() <= 0) {
            return;
        }
        Run run = runs.get(event.channel());
        if (run == null) {
            if (runs.size() >= maxChannels) {
                evictOne();
            }
            run = runs.computeIfAbsent(event.channel(), c -> new Run(perChannel));
        }
        run.add(event);
    }

    /**
     * @return the events after {@code after}, at most {@code limit}, or {@code null} when this cache cannot tell
     */
    List<EventFrame> readAfter(String channel, long after, int limit) {
        Run run = runs.get(channel);
        return run == null ? null : run.readAfter(after, limit);
    }

    private void evictOne() {
        String oldest = null;
        long oldestNanos = Long.MAX_VALUE;
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            long touched = e.getValue().touched;
            if (touched < oldestNanos) {
                oldestNanos = touched;
                oldest = e.getKey();
            }
        }
        if (oldest != null) {
            runs.remove(oldest);
        }
    }

    /** A ring of consecutive positions {@code head - size + 1 .. head}. */
    private static final class Run {
        private final EventFrame[] ring;
        private long head;
        private int size;
        volatile long touched = System.nanoTime();

        Run(int capacity) {
            this.ring = new EventFrame[capacity];
        }

        synchronized void add(EventFrame event) {
            touched = System.nanoTime();
            long position = event.position();
            if (size > 0 && position <= head) {
                return;
            }
            if (size == 0 || position != head + 1) {
                // a hole before this event: start over from it
                size = 0;
            }
            head = position;
            ring[(int) (position % ring.length)] = event;
            size = Math.min(size + 1, ring.length);
        }

        synchronized List<EventFrame> readAfter(long after, int limit) {
            long low = head - size + 1;
            if (size == 0 || after + 1 < low || after >= head) {
                return null;
            }
            int count = (int) Math.min(limit, head - after);
            List<EventFrame> events = new ArrayList<>(count);
            for (long p = after + 1; p <= after + count; p++) {
                events.add(ring[(int) (p % ring.length)]);
            }
            return events;
        }
    }
}
