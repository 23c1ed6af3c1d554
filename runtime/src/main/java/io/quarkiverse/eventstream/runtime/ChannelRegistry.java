package io.quarkiverse.eventstream.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.runtime.store.CoalescedReads;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.buffer.Buffer;

/**
 * The open streams of this instance, by channel. Delivers each published event to the streams of its channel.
 */
@Singleton
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class);

    private final ConcurrentHashMap<String, Set<Subscription>> byChannel = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> streamsByPrincipal = new ConcurrentHashMap<>();
    private final CoalescedReads reads;

    private final DeliveryOrder order = new DeliveryOrder(this::send);

    @Inject
    ChannelRegistry(CoalescedReads reads) {
        this.reads = reads;
    }

    @PreDestroy
    void stop() {
        order.close();
    }

    void add(Subscription subscription) {
        open.incrementAndGet();
        for (String channel : subscription.channels()) {
            // added inside compute: a concurrent remove() cannot drop the set between lookup and add
            byChannel.compute(channel, (c, subscriptions) -> {
                Set<Subscription> result = subscriptions == null ? ConcurrentHashMap.newKeySet() : subscriptions;
                result.add(subscription);
                return result;
            });
        }
    }

    void remove(Subscription subscription) {
        open.decrementAndGet();
        releaseStream(subscription.identity());
        for (String channel : subscription.channels()) {
            // computeIfPresent keeps removal of an empty set atomic with a concurrent add
            byChannel.computeIfPresent(channel, (c, subscriptions) -> {
                subscriptions.remove(subscription);
                return subscriptions.isEmpty() ? null : subscriptions;
            });
        }
    }

    /**
     * Sends an event to every open stream of its channel on this instance, those of a stored channel in position
     * order (see {@link DeliveryOrder}). Never blocks.
     */
    public void deliver(ChannelEvent event) {
        if (event.position() > 0) {
            order.arrive(event);
        } else {
            send(event);
        }
    }

    private void send(ChannelEvent event) {
        Set<Subscription> subscriptions = byChannel.get(event.channel());
        if (subscriptions == null && event.position() == 0) {
            return;
        }
        // encoded once, shared by every stream: Vert.x writes a duplicate of the buffer
        Buffer body = Buffer.buffer(SseEncoder.event(null, event.type(), event.data()));
        if (event.position() > 0) {
            // before any stream sees it: a stream that replays after this event reached it finds it in memory
            reads.committed(event.channel(), event.position(), body);
        }
        if (subscriptions == null) {
            return;
        }
        // one task per event loop, not one per stream: a channel of 10,000 streams costs a handful of tasks
        Map<EventLoop, List<Subscription>> drains = null;
        for (Subscription subscription : subscriptions) {
            if (subscription.offer(body, event.channel(), event.position())) {
                if (drains == null) {
                    drains = new HashMap<>();
                }
                drains.computeIfAbsent(subscription.eventLoop(), loop -> new ArrayList<>()).add(subscription);
            }
        }
        if (drains != null) {
            drains.forEach((loop, streams) -> loop.execute(() -> streams.forEach(Subscription::runScheduledDrain)));
        }
    }

    /**
     * Closes the streams of {@code principal} on {@code channel} that {@code channelManager} no longer allows.
     *
     * @return the number of streams closed
     */
    int revoke(String principal, String channel, ChannelManager channelManager) {
        Set<Subscription> subscriptions = byChannel.get(channel);
        if (subscriptions == null) {
            return 0;
        }
        int closed = 0;
        for (Subscription subscription : subscriptions) {
            SecurityIdentity identity = subscription.identity();
            if (Objects.equals(principal, principalName(identity)) && subscription.isOpen()
                    && !channelManager.canRead(identity, channel)) {
                LOG.debugf("Permission to read %s withdrawn from %s; closing a stream", channel, principal);
                subscription.fail("forbidden", "Permission to read " + channel + " was withdrawn", List.of(channel));
                closed++;
            }
        }
        return closed;
    }

    /**
     * Counts a new stream of {@code identity} against {@code limit}.
     *
     * @return {@code false} if the identity already holds {@code limit} streams on this instance
     */
    boolean reserveStream(SecurityIdentity identity, int limit) {
        String name = principalName(identity);
        if (name == null) {
            return true;
        }
        int[] result = new int[1];
        streamsByPrincipal.compute(name, (k, count) -> {
            int current = count == null ? 0 : count;
            result[0] = current < limit ? 1 : 0;
            return current < limit ? current + 1 : (count == null ? null : count);
        });
        return result[0] == 1;
    }

    void releaseStream(SecurityIdentity identity) {
        String name = principalName(identity);
        if (name != null) {
            streamsByPrincipal.computeIfPresent(name, (k, count) -> count <= 1 ? null : count - 1);
        }
    }

    private static String principalName(SecurityIdentity identity) {
        return identity.isAnonymous() || identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
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
