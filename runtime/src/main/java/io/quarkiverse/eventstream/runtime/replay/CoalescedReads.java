package io.quarkiverse.eventstream.runtime.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 * channels share one batch ({@link EventStore#currentPositions}, {@link EventStore#oldestPositions}); page reads are
 * batched per channel, one read per window of nearby cursors. A request is only ever answered by a query that started
 * after it was made, so it never sees the store as it was before the request. Rounds run on the extension's store
 * reading threads ({@link EventStreamThreads#storeReads()}), never on the caller's thread nor on the worker pool whose
 * threads may all be waiting for them. A store that does not block is called directly.
 * <p>
 * Page reads are first looked up in {@link RecentEvents}, the last committed events of each channel that reached this
 * instance's streams: a client that reconnects a little behind replays from memory without a query.
 * <p>
 * A failed round fails every request it answers and logs one line, whatever the number of streams waiting on it.
 */
@Singleton
public class CoalescedReads {

    private static final Logger LOG = Logger.getLogger(CoalescedReads.class);

    private final EventStore store;
    private final Executor rounds;
    private final RecentEvents recent;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final PositionBatch positions = new PositionBatch();

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
        this.rounds = rounds;
        this.recent = new RecentEvents(store.isBlocking() ? cacheSize : 0, cacheChannels);
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
        CompletableFuture<Long> result = new CompletableFuture<>();
        submitPosition(new PositionRequest(channel, current, result));
        return result;
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
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<List<EventFrame>> result = new CompletableFuture<>();
        submit(channel, new Request(after, limit, result));
        return result;
    }

    private static <T> CompletableFuture<T> call(Supplier<T> read) {
        try {
            return CompletableFuture.completedFuture(read.get());
        } catch (RuntimeException e) {
            failed(e);
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void failed(Throwable failure) {
        LOG.warnf("Reading the event store failed: %s", failure.toString());
        LOG.debug("The failed read", failure);
    }

    private void submitPosition(PositionRequest request) {
        synchronized (positions) {
            positions.pending.add(request);
            if (positions.running) {
                return;
            }
            positions.running = true;
        }
        rounds.execute(this::positionRounds);
    }

    /** Answers all waiting position requests, of all channels, with one query per kind; again until none waits. */
    private void positionRounds() {
        while (true) {
            List<PositionRequest> batch;
            synchronized (positions) {
                if (positions.pending.isEmpty()) {
                    positions.running = false;
                    return;
                }
                batch = positions.pending;
                positions.pending = new ArrayList<>();
            }
            Set<String> current = new LinkedHashSet<>();
            Set<String> oldest = new LinkedHashSet<>();
            for (PositionRequest request : batch) {
                (request.current ? current : oldest).add(request.channel);
            }
            Map<String, Long> currentPositions = Map.of();
            Map<String, Long> oldestPositions = Map.of();
            try {
                if (!current.isEmpty()) {
                    currentPositions = store.currentPositions(current);
                }
                if (!oldest.isEmpty()) {
                    oldestPositions = store.oldestPositions(oldest);
                }
            } catch (RuntimeException | Error e) {
                failed(e);
                batch.forEach(r -> r.result.completeExceptionally(e));
                continue;
            }
            for (PositionRequest request : batch) {
                Long position = (request.current ? currentPositions : oldestPositions).get(request.channel);
                if (position == null) {
                    request.result.completeExceptionally(new IllegalStateException(
                            "The event store gave no position for channel " + request.channel));
                } else {
                    request.result.complete(position);
                }
            }
        }
    }

    private void submit(String name, Request request) {
        while (true) {
            Channel channel = channels.computeIfAbsent(name, Channel::new);
            synchronized (channel) {
                if (channel.retired) {
                    // removed from the map after its last round: use a fresh one
                    continue;
                }
                channel.pending.add(request);
                if (channel.running) {
                    return;
                }
                channel.running = true;
            }
            rounds.execute(() -> rounds(channel));
            return;
        }
    }

    /** Runs rounds until no request waits, then retires the channel's batch. */
    private void rounds(Channel channel) {
        while (true) {
            List<Request> batch;
            synchronized (channel) {
                if (channel.pending.isEmpty()) {
                    channel.running = false;
                    channel.retired = true;
                    channels.remove(channel.name, channel);
                    return;
                }
                batch = channel.pending;
                channel.pending = new ArrayList<>();
            }
            answer(channel.name, batch);
        }
    }

    private void answer(String channel, List<Request> reads) {
        reads.sort(Comparator.comparingLong(r -> r.after));
        int i = 0;
        while (i < reads.size()) {
            // a window of cursors at most one page apart: one read of two pages answers each of them exactly
            long from = reads.get(i).after;
            int limit = 0;
            int j = i;
            while (j < reads.size() && reads.get(j).after - from <= reads.get(i).limit) {
                limit = Math.max(limit, reads.get(j).limit);
                j++;
            }
            List<Request> window = reads.subList(i, j);
            int pages = 2 * limit;
            try {
                List<EventFrame> events = encode(store.readAfter(channel, from, pages));
                for (Request request : window) {
                    List<EventFrame> answer = new ArrayList<>(Math.min(request.limit, events.size()));
                    for (EventFrame event : events) {
                        if (event.position() > request.after) {
                            answer.add(event);
                            if (answer.size() == request.limit) {
                                break;
                            }
                        }
                    }
                    request.result.complete(answer);
                }
            } catch (RuntimeException | Error e) {
                failed(e);
                window.forEach(r -> r.result.completeExceptionally(e));
            }
            i = j;
        }
    }

    /** Encodes each event once; the frames are then shared by every stream that replays them. */
    private static List<EventFrame> encode(List<StoredEvent> events) {
        List<EventFrame> encoded = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            encoded.add(EventFrame.encode(event.channel(), event.position(), event.type(), event.data()));
        }
        return encoded;
    }

    private record Request(long after, int limit, CompletableFuture<List<EventFrame>> result) {
    }

    private record PositionRequest(String channel, boolean current, CompletableFuture<Long> result) {
    }

    private static final class PositionBatch {
        List<PositionRequest> pending = new ArrayList<>();
        boolean running;
    }

    private static final class Channel {
        final String name;
        List<Request> pending = new ArrayList<>();
        boolean running;
        boolean retired;

        Channel(String name) {
            this.name = name;
        }
    }
}
