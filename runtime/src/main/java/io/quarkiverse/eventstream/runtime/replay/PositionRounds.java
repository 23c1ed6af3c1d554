package io.quarkiverse.eventstream.runtime.replay;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.quarkiverse.eventstream.spi.EventStore;

/**
 * Position requests of a blocking store, all channels together: while a round of queries runs, new requests wait; the
 * next round answers all of them with one query per kind ({@link EventStore#currentPositions},
 * {@link EventStore#oldestPositions}). A request is only answered by a query that started after it was made.
 */
final class PositionRounds {

    private record Request(String channel, boolean current, CompletableFuture<Long> result) {
    }

    private final EventStore store;
    private final Executor rounds;
    private final Consumer<Throwable> failed;
    private List<Request> pending = new ArrayList<>();
    private boolean running;

    /**
     * @param failed told of each failed query
     */
    PositionRounds(EventStore store, Executor rounds, Consumer<Throwable> failed) {
        this.store = store;
        this.rounds = rounds;
        this.failed = failed;
    }

    /**
     * @param current the current position, else the oldest retained one
     */
    CompletableFuture<Long> position(String channel, boolean current) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        synchronized (this) {
            pending.add(new Request(channel, current, result));
            if (running) {
                return result;
            }
            running = true;
        }
        rounds.execute(this::rounds);
        return result;
    }

    /** Runs rounds until no request waits. */
    private void rounds() {
        while (true) {
            List<Request> batch;
            synchronized (this) {
                if (pending.isEmpty()) {
                    running = false;
                    return;
                }
                batch = pending;
                pending = new ArrayList<>();
            }
            answer(batch);
        }
    }

    private void answer(List<Request> batch) {
        Set<String> current = new LinkedHashSet<>();
        Set<String> oldest = new LinkedHashSet<>();
        for (Request request : batch) {
            (request.current ? current : oldest).add(request.channel);
        }
        Map<String, Long> currentPositions;
        Map<String, Long> oldestPositions;
        try {
            currentPositions = current.isEmpty() ? Map.of() : store.currentPositions(current);
            oldestPositions = oldest.isEmpty() ? Map.of() : store.oldestPositions(oldest);
        } catch (RuntimeException | Error e) {
            failed.accept(e);
            batch.forEach(r -> r.result.completeExceptionally(e));
            return;
        }
        for (Request request : batch) {
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
