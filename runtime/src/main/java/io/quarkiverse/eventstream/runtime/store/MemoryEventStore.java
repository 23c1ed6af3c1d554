package io.quarkiverse.eventstream.runtime.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkus.arc.DefaultBean;

/**
 * The {@code memory} store: per channel, a ring of the last {@code max-events-per-channel} events, purged by age like
 * the other stores. Positions restart with each instance, so each instance has its own epoch.
 */
@DefaultBean
@Singleton
public class MemoryEventStore implements EventStore {

    private final ConcurrentHashMap<String, ChannelLog> logs = new ConcurrentHashMap<>();
    private final int capacity;
    private final String epoch;

    @Inject
    public MemoryEventStore(EventStreamRuntimeConfig config) {
        this(config.store().memory().maxEventsPerChannel());
    }

    /**
     * @param capacity events kept per channel, at least 1 (checked with the configuration at startup)
     */
    public MemoryEventStore(int capacity) {
        this.capacity = capacity;
        this.epoch = "m" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 25), 36);
    }

    @Override
    public StoredEvent append(String channel, String type, String data) {
        return logs.computeIfAbsent(channel, c -> new ChannelLog(capacity)).append(channel, type, data);
    }

    @Override
    public List<StoredEvent> readAfter(String channel, long after, int limit) {
        ChannelLog log = logs.get(channel);
        return log == null ? List.of() : log.readAfter(after, limit);
    }

    @Override
    public long currentPosition(String channel) {
        ChannelLog log = logs.get(channel);
        return log == null ? 0 : log.current();
    }

    @Override
    public long oldestPosition(String channel) {
        ChannelLog log = logs.get(channel);
        return log == null ? 0 : log.oldest();
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int limit) {
        int deleted = 0;
        for (ChannelLog log : logs.values()) {
            if (deleted >= limit) {
                break;
            }
            deleted += log.deleteOlderThan(cutoff, limit - deleted);
        }
        return deleted;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    /**
     * One channel's events: a ring that grows up to the capacity. Its position counter outlives its events, so a
     * position is never given twice.
     */
    private static final class ChannelLog {

        private static final int INITIAL_LENGTH = 8;

        private final int capacity;
        private StoredEvent[] ring;
        private int head;
        private int size;
        private long current;

        ChannelLog(int capacity) {
            this.capacity = capacity;
            this.ring = new StoredEvent[Math.min(INITIAL_LENGTH, capacity)];
        }

        synchronized StoredEvent append(String channel, String type, String data) {
            StoredEvent event = new StoredEvent(channel, ++current, type, data, Instant.now());
            if (size == ring.length && ring.length < capacity) {
                grow(Math.min(capacity, ring.length * 2));
            }
            if (size == ring.length) {
                ring[head] = event;
                head = (head + 1) % ring.length;
            } else {
                ring[(head + size) % ring.length] = event;
                size++;
            }
            return event;
        }

        synchronized List<StoredEvent> readAfter(long after, int limit) {
            if (size == 0 || after >= current) {
                return List.of();
            }
            long first = ring[head].position();
            int start = (int) Math.max(0, after + 1 - first);
            int count = Math.min(limit, size - start);
            List<StoredEvent> events = new ArrayList<>(Math.max(count, 0));
            for (int i = start; i < start + count; i++) {
                events.add(ring[(head + i) % ring.length]);
            }
            return events;
        }

        synchronized long current() {
            return current;
        }

        synchronized long oldest() {
            return size == 0 ? 0 : ring[head].position();
        }

        synchronized int deleteOlderThan(Instant cutoff, int limit) {
            int deleted = 0;
            while (size > 0 && deleted < limit && ring[head].createdAt().isBefore(cutoff)) {
                ring[head] = null;
                head = (head + 1) % ring.length;
                size--;
                deleted++;
            }
            if (size == 0 && ring.length > INITIAL_LENGTH) {
                // an idle channel keeps its counter, not the array it once grew to
                ring = new StoredEvent[INITIAL_LENGTH];
                head = 0;
            }
            return deleted;
        }

        private void grow(int newLength) {
            StoredEvent[] grown = new StoredEvent[newLength];
            for (int i = 0; i < size; i++) {
                grown[i] = ring[(head + i) % ring.length];
            }
            ring = grown;
            head = 0;
        }
    }
}
