package io.quarkiverse.eventstream.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.ChannelEvent;
import io.vertx.core.buffer.Buffer;

/**
 * The open streams of this instance, by channel. Delivers each published event to the streams of its channel.
 */
@Singleton
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class);

    private final ConcurrentHashMap<String, Set<Subscription>> byChannel = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    void add(Subscription subscription) {
        open.incrementAndGet();
        for (String channel : subscription.channels()) {
            byChannel.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(subscription);
        }
    }

    void remove(Subscription subscription) {
        open.decrementAndGet();
        for (String channel : subscription.channels()) {
            // compute keeps removal of an empty set atomic with a concurrent add
            byChannel.computeIfPresent(channel, (c, subscriptions) -> {
                subscriptions.remove(subscription);
                return subscriptions.isEmpty() ? null : subscriptions;
            });
        }
    }

    /**
     * Sends an event to every open stream of its channel on this instance. Never blocks.
     */
    public void deliver(ChannelEvent event) {
        Set<Subscription> subscriptions = byChannel.get(event.channel());
        if (subscriptions == null) {
            return;
        }
        // encoded once, shared by every stream: Vert.x writes a duplicate of the buffer
        Buffer body = Buffer.buffer(SseEncoder.event(null, event.type(), event.data()));
        for (Subscription subscription : subscriptions) {
            subscription.offer(body, event.channel(), event.position());
        }
    }

    /**
     * @return the number of open streams of this instance subscribed to {@code channel}
     */
    public int subscribers(String channel) {
        Set<Subscription> subscriptions = byChannel.get(channel);
        return subscriptions == null ? 0 : subscriptions.size();
    }

    /**
     * @return the number of open streams of this instance
     */
    public int openStreams() {
        return open.get();
    }

    /**
     * Ends every open stream with a {@code stream-error} ({@code shutdown}) and waits, at most two seconds, for the
     * events to be written. Called before the HTTP server stops.
     */
    public void closeAllForShutdown() {
        Set<Subscription> all = new HashSet<>();
        byChannel.values().forEach(all::addAll);
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Subscription subscription : all) {
            closed.add(subscription.fail("shutdown", "The server is shutting down", List.copyOf(subscription.channels()))
                    .toCompletableFuture());
        }
        try {
            // the HTTP server stops after this observer: give the last events a moment to leave
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Some streams did not close before shutdown", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
