package io.quarkiverse.eventstream.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.buffer.Buffer;

/**
 * The open streams of this instance, by channel. Delivers each published event to the streams of its channel.
 */
@Singleton
public class ChannelRegistry {

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

    void onShutdown(@Observes ShutdownEvent event) {
        for (Set<Subscription> subscriptions : byChannel.values()) {
            for (Subscription subscription : subscriptions) {
                subscription.fail("shutdown", "The server is shutting down", List.copyOf(subscription.channels()));
            }
        }
    }
}
