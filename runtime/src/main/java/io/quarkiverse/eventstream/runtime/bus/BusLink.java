package io.quarkiverse.eventstream.runtime.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.runtime.channel.StoredChannels;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.fanout.LocalDelivery;
import io.quarkiverse.eventstream.runtime.fanout.Revocation;
import io.quarkiverse.eventstream.runtime.fanout.StreamIndex;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Links this instance to the {@link EventBus}: sends what is published here once it committed, hands what the other
 * instances published to {@link LocalDelivery} and {@link Revocation}, and keeps the streams of this instance level with
 * the store: after each (re)connection of the bus and every {@code quarkus.eventstream.bus.check-interval}, the stored
 * channels with streams here are compared with the store's positions, and what the bus lost is read back.
 * <p>
 * Messages this instance sent come back on most buses: they are recognized by their origin and ignored. With
 * {@link NoEventBus} everything here is a no-op.
 */
@Singleton
public class BusLink implements BusReceiver {

    private static final Logger LOG = Logger.getLogger(BusLink.class);

    /** How long the application's stop waits for messages still being sent. */
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final EventBus bus;
    private final boolean enabled;
    private final String origin;
    private final LocalDelivery delivery;
    private final Revocation revocation;
    private final StreamIndex index;
    private final StoredChannels storedChannels;
    private final EventStore store;
    private final EventStreamThreads threads;
    private final Duration checkInterval;
    private final AtomicLong sending = new AtomicLong();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicBoolean checkAgain = new AtomicBoolean();
    private final QuietWarning sendFailed = new QuietWarning(LOG);
    private final boolean storeSends;
    private final EventStreamMetrics metrics;

    @Inject
    public BusLink(EventBus bus, InstanceId instance, LocalDelivery delivery, Revocation revocation, StreamIndex index,
            StoredChannels storedChannels, EventStore store, EventStreamThreads threads, EventStreamRuntimeConfig config,
            EventStreamMetrics metrics) {
        this.metrics = metrics;
        this.bus = bus;
        this.enabled = !(bus instanceof NoEventBus);
        this.origin = instance.get();
        this.delivery = delivery;
        this.revocation = revocation;
        this.index = index;
        this.storedChannels = storedChannels;
        this.store = store;
        this.threads = threads;
        this.checkInterval = config.bus().checkInterval().orElse(null);
        if (enabled) {
            delivery.forwardPublishedTo(this::published);
        }
        if (enabled && bus instanceof TransactionalEventBus transactional && transactional.canPublishInTransaction()
                && store instanceof SendsInTransaction sending) {
            // each append's transaction carries its notifications, in position order
            sending.sendAppendedTo(events -> transactional.publishInTransaction(messages(events)));
            storeSends = true;
        } else {
            storeSends = false;
        }
    }

    private List<BusMessage> messages(List<StoredEvent> events) {
        List<BusMessage> messages = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            messages.add(BusMessage.event(origin,
                    new ChannelEvent(event.channel(), event.type(), event.data(), event.position())));
        }
        return messages;
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        LOG.debugf("Starting the event bus %s as instance %s", bus.getClass().getName(), origin);
        bus.start(this);
        if (checkInterval != null) {
            long millis = checkInterval.toMillis();
            threads.timer().scheduleWithFixedDelay(this::checkPositions, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (!enabled) {
            return;
        }
        // a process that only publishes (a batch job) must not stop before its messages left
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        synchronized (sending) {
            while (sending.get() > 0 && System.nanoTime() < deadline) {
                try {
                    sending.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (sending.get() > 0) {
            LOG.warnf("Stopping with %d event bus messages not sent; the other instances read them from the store",
                    sending.get());
        }
        bus.stop();
    }

    /**
     * @return whether the store sends the events it appends on the bus itself, inside its transactions
     *         ({@link SendsInTransaction}): then {@link #published} is only for events of channels that are not stored
     */
    public boolean storeSends() {
        return storeSends;
    }

    /**
     * Sends a committed event to the other instances; never blocks. {@link LocalDelivery} calls it for the events
     * published here, in position order per channel.
     */
    void published(ChannelEvent event) {
        send(BusMessage.event(origin, event));
    }

    /**
     * Sends a permission change to the other instances, once it committed; never blocks.
     */
    public void permissionChanged(String principal, String channel) {
        if (enabled) {
            send(BusMessage.permissionChanged(origin, principal, channel));
        }
    }

    private void send(BusMessage message) {
        sending.incrementAndGet();
        try {
            bus.publish(message).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    sendFailed(message, failure);
                }
                sent();
            });
        } catch (RuntimeException e) {
            sendFailed(message, e);
            sent();
        }
    }

    private void sent() {
        if (sending.decrementAndGet() == 0) {
            synchronized (sending) {
                sending.notifyAll();
            }
        }
    }

    private void sendFailed(BusMessage message, Throwable failure) {
        metrics.busPublishFailed();
        sendFailed.warn("Sending " + message + " on the event bus failed (" + failure
                + "); the other instances read stored events back from the store");
        LOG.debug("The failed send", failure);
    }

    @Override
    public void receive(BusMessage message) {
        if (origin.equals(message.origin())) {
            return;
        }
        switch (message.kind()) {
            case EVENT -> delivery.deliver(message.toEvent());
            case REFERENCE -> delivery.reference(message.channel(), message.position());
            case PERMISSION_CHANGED -> Infrastructure.getDefaultWorkerPool().execute(() -> {
                // the application's permission check may block
                int ended = revocation.permissionChanged(message.principal(), message.channel());
                LOG.debugf("Permission change on %s from instance %s ended %d streams here", message.channel(),
                        message.origin(), ended);
            });
        }
    }

    @Override
    public void connected() {
        LOG.debugf("Event bus connected; checking the stored channels of this instance's streams");
        checkPositions();
    }

    /**
     * Compares the stored channels of this instance's streams with the store, and reads what they lack; on a store
     * reading thread. Asked while a check runs (the bus reconnected meanwhile), it runs again once that one ends: the
     * running one may have read the store's positions before what it missed had committed.
     */
    void checkPositions() {
        checkAgain.set(true);
        if (checking.compareAndSet(false, true)) {
            submitChecks();
        }
    }

    private void submitChecks() {
        try {
            threads.storeReads().execute(this::runChecks);
        } catch (RuntimeException e) {
            // stopping
            checking.set(false);
        }
    }

    private void runChecks() {
        while (checkAgain.getAndSet(false)) {
            try {
                List<String> channels = new ArrayList<>();
                for (String channel : index.channels()) {
                    if (storedChannels.isStored(channel)) {
                        channels.add(channel);
                    }
                }
                if (!channels.isEmpty()) {
                    store.currentPositions(channels).forEach(delivery::repairTo);
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "Comparing positions with the store failed; trying again at the next check");
            }
        }
        checking.set(false);
        // asked between the last round and the line above
        if (checkAgain.get() && checking.compareAndSet(false, true)) {
            submitChecks();
        }
    }
}
