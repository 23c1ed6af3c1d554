package io.quarkiverse.eventstream.runtime.fanout;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;

/**
 * Counts the open streams of each authenticated identity on this instance against
 * {@code quarkus.eventstream.max-streams-per-identity}. Anonymous streams are not counted. Thread-safe.
 */
@Singleton
public class StreamQuota {

    private final OptionalInt limit;
    private final ConcurrentHashMap<String, Integer> byPrincipal = new ConcurrentHashMap<>();

    @Inject
    public StreamQuota(EventStreamRuntimeConfig config) {
        this.limit = config.maxStreamsPerIdentity();
    }

    /**
     * Takes a place for the stream of {@code plan}, given back by {@link #release}.
     *
     * @return {@code false} if its identity already holds the most streams it may
     */
    public boolean reserve(StreamPlan plan) {
        String principal = plan.principal();
        if (limit.isEmpty() || principal == null) {
            return true;
        }
        int max = limit.getAsInt();
        boolean[] reserved = new boolean[1];
        byPrincipal.compute(principal, (k, count) -> {
            int current = count == null ? 0 : count;
            reserved[0] = current < max;
            return reserved[0] ? current + 1 : count;
        });
        return reserved[0];
    }

    /** Gives back the place of a stream that {@link #reserve} admitted. */
    public void release(StreamPlan plan) {
        String principal = plan.principal();
        if (limit.isPresent() && principal != null) {
            byPrincipal.computeIfPresent(principal, (k, count) -> count <= 1 ? null : count - 1);
        }
    }

    /**
     * @return the message of a refusal
     */
    public String refusal() {
        return "At most " + limit.orElse(0) + " open streams per identity (quarkus.eventstream.max-streams-per-identity)";
    }
}
