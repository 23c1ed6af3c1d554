package io.quarkiverse.eventstream.runtime.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;

/**
 * The reads that streams make of a blocking {@link EventStore}, merged: when many clients reconnect at once, the
 * store answers a few queries, not a few per client.
 * <p>
 * Requests wait in a batch while a round of queries runs; the next round answers the whole batch. Positions of all
 * channels share one batch ({@link PositionRounds}); page reads are batched per channel, one read per window of nearby
 * cursors ({@link PageRounds}). A request is only ever answered by a query that started
 * after it was made, so it never sees the store as it was before the request. Rounds run on the extension's store
 * reading threads ({@link EventStreamThreads#storeReads()}), never on the caller's thread nor on the worker pool whose
 * threads may all be waiting for them. A store that does not block is called directly.
 * <p>
 * Page reads are first looked up in {@link RecentEvents}, the last committed events of each channel that reached this
 * instance's streams: a client that reconnects a little behind replays from memory without a query.
 * <p>
 * A failed round fails every request it answers; failures are logged one line at a time, at most every ten seconds.
 */
@Singleton
public class CoalescedReads {

    private static final Logger LOG = Logger.getLogger(CoalescedReads.class);

    /** The least time between two warnings of failed reads. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final EventStore store;
    private final RecentEvents recent;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    private final AtomicInteger quietFailures = new AtomicInteger();
    private final PositionRounds positions;
    private final PageRounds pages;

    @Inject
    public CoalescedReads(EventStore store, EventStreamThreads threads, EventStreamRuntimeConfig config) {
        this(store, task -> threads.storeReads().execute(task), config.replay().cacheSize(),
                config.replay().cacheChannels());
    }

    /**
     * @param rounds where rounds of queries run
     * @param cacheSize the events of each channel kept in memory in front of a blocking store, 0 for none
     */
    public CoalescedReads(EventStore store, Executor rounds, int cacheSize, int cacheChannels) {
        this.store = store;
        this.recent = new RecentEvents(store.isBlocking() ? cacheSize : 0, cacheChannels);
        this.positions = new PositionRounds(store, rounds, this::failed);
        this.pages = new PageRounds(store, rounds, this::failed);
    }

    /**
     * Remembers a committed event of a stored channel, so that streams replaying it need not ask the store.
     * Thread-safe.
     */
    public void committed(EventFrame event) {
        recent.add(event);
    }

    /** @see EventStore#currentPosition(String) */
    public CompletableFuture<Long> currentPosition(String channel) {
        return position(channel, true);
    }

    /** @see EventStore#oldestPosition(String) */
    public CompletableFuture<Long> oldestPosition(String channel) {
        return position(channel, false);
    }

    private CompletableFuture<Long> position(String channel, boolean current) {
        if (!store.isBlocking()) {
            return call(() -> current ? store.currentPosition(channel) : store.oldestPosition(channel));
        }
        return positions.position(channel, current);
    }

    /**
     * @return the events after {@code after}, at most {@code limit}, each encoded once for every stream that replays it
     * @see EventStore#readAfter(String, long, int)
     */
    public CompletableFuture<List<EventFrame>> readAfter(String channel, long after, int limit) {
        if (!store.isBlocking()) {
            return call(() -> encode(store.readAfter(channel, after, limit)));
        }
        List<EventFrame> cached = recent.readAfter(channel, after, limit);
        return cached != null ? CompletableFuture.completedFuture(cached) : pages.readAfter(channel, after, limit);
    }

    private <T> CompletableFuture<T> call(Supplier<T> read) {
        try {
            return CompletableFuture.completedFuture(read.get());
        } catch (RuntimeException e) {
            failed(e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Logs a failed read: one line at most every {@link #QUIET_NANOS}, with the count of the failures in between, and
     * the trace at debug. An outage of the store fails many rounds of reads, each answering many streams.
     */
    void failed(Throwable failure) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= QUIET_NANOS && lastWarning.compareAndSet(last, now)) {
            int more = quietFailures.getAndSet(0);
            LOG.warnf("Reading the event store failed: %s%s", failure,
                    more == 0 ? "" : " (and " + more + " more failures since the last warning)");
        } else {
            quietFailures.incrementAndGet();
        }
        LOG.debug("The failed read", failure);
    }

    /** Encodes each event once; the frames are then shared by every stream that replays them. */
    static List<EventFrame> encode(List<StoredEvent> events) {
        List<EventFrame> encoded = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            encoded.add(EventFrame.encode(event.channel(), event.position(), event.type(), event.data()));
        }
        return encoded;
    }
}
