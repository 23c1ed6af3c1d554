package io.quarkiverse.eventstream.runtime.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkiverse.eventstream.spi.EventStore;

/**
 * Page reads of a blocking store, per channel: while a round of queries of a channel runs, new requests of the channel
 * wait; the next round answers them with one read per window of cursors at most a page apart. A request is only
 * answered by a query that started after it was made.
 */
final class PageRounds {

    private record Request(long after, int limit, CompletableFuture<List<EventFrame>> result) {
    }

    private final EventStore store;
    private final Executor rounds;
    private final Consumer<Throwable> failed;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    /**
     * @param failed told of each failed query
     */
    PageRounds(EventStore store, Executor rounds, Consumer<Throwable> failed) {
        this.store = store;
        this.rounds = rounds;
        this.failed = failed;
    }

    CompletableFuture<List<EventFrame>> readAfter(String name, long after, int limit) {
        CompletableFuture<List<EventFrame>> result = new CompletableFuture<>();
        Request request = new Request(after, limit, result);
        while (true) {
            Channel channel = channels.computeIfAbsent(name, Channel::new);
            synchronized (channel) {
                if (channel.retired) {
                    // removed from the map after its last round: use a fresh one
                    continue;
                }
                channel.pending.add(request);
                if (channel.running) {
                    return result;
                }
                channel.running = true;
            }
            rounds.execute(() -> rounds(channel));
            return result;
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
            try {
                List<EventFrame> events = CoalescedReads.encode(store.readAfter(channel, from, 2 * limit));
                for (Request request : window) {
                    request.result.complete(after(events, request.after, request.limit));
                }
            } catch (RuntimeException | Error e) {
                failed.accept(e);
                window.forEach(r -> r.result.completeExceptionally(e));
            }
            i = j;
        }
    }

    private static List<EventFrame> after(List<EventFrame> events, long after, int limit) {
        List<EventFrame> answer = new ArrayList<>(Math.min(limit, events.size()));
        for (EventFrame event : events) {
            if (event.position() > after) {
                answer.add(event);
                if (answer.size() == limit) {
                    break;
                }
            }
        }
        return answer;
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
