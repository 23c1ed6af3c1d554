package io.quarkiverse.eventstream.runtime.fanout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.stream.Stream;

/**
 * The open streams of this instance, by channel, and within a channel by event loop, which is how
 * {@link LocalDelivery} hands them events: one task per loop, not one per stream. Thread-safe.
 */
@Singleton
public class StreamIndex {

    private final ConcurrentHashMap<String, ChannelStreams> byChannel = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final EventStreamMetrics metrics;

    /** Without metrics. */
    public StreamIndex() {
        this(EventStreamMetrics.NONE);
    }

    @Inject
    public StreamIndex(EventStreamMetrics metrics) {
        this.metrics = metrics;
    }

    /** Adds a stream to the channels of its plan, on the stream's event loop; it receives their events from now on. */
    public void add(Stream stream) {
        open.incrementAndGet();
        for (String channel : stream.channels()) {
            // inside compute: a concurrent remove() cannot drop the channel's entry between lookup and add
            byChannel.compute(channel, (c, streams) -> {
                ChannelStreams result = streams == null ? new ChannelStreams(metrics) : streams;
                result.add(stream);
                return result;
            });
        }
    }

    /** Removes a stream, on the stream's event loop; idempotent, and a stream that never joined is ignored. */
    public void remove(Stream stream) {
        boolean[] removed = new boolean[1];
        for (String channel : stream.channels()) {
            // computeIfPresent keeps the removal of an empty entry atomic with a concurrent add
            byChannel.computeIfPresent(channel, (c, streams) -> {
                removed[0] |= streams.remove(stream);
                return streams.isEmpty() ? null : streams;
            });
        }
        if (removed[0]) {
            open.decrementAndGet();
        }
    }

    /**
     * @return the number of open streams of this instance subscribed to {@code channel}
     */
    public int subscribers(String channel) {
        ChannelStreams streams = byChannel.get(channel);
        return streams == null ? 0 : streams.size();
    }

    /**
     * @return the number of open streams of this instance
     */
    public int openStreams() {
        return open.get();
    }

    /**
     * @return the streams subscribed to {@code channel} now
     */
    public List<Stream> streams(String channel) {
        ChannelStreams streams = byChannel.get(channel);
        return streams == null ? List.of() : streams.snapshot();
    }

    /**
     * @return the channels with streams on this instance now
     */
    public List<String> channels() {
        return new ArrayList<>(byChannel.keySet());
    }

    /**
     * @return every open stream now
     */
    public List<Stream> all() {
        // a stream of several channels once
        Set<Stream> all = Collections.newSetFromMap(new IdentityHashMap<>());
        byChannel.values().forEach(streams -> all.addAll(streams.snapshot()));
        return new ArrayList<>(all);
    }

    /**
     * @return the streams of {@code channel}, or {@code null} when it has none
     */
    ChannelStreams channel(String channel) {
        return byChannel.get(channel);
    }
}
