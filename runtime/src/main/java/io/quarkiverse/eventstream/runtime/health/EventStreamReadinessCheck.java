package io.quarkiverse.eventstream.runtime.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkiverse.eventstream.runtime.bus.BusConnection;
import io.quarkiverse.eventstream.runtime.bus.NoEventBus;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.grip.GripPublisher;
import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.runtime.store.NoEventStore;
import io.quarkiverse.eventstream.runtime.store.StorePing;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkiverse.eventstream.spi.EventStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * The readiness check {@code eventstream}: {@code UP} when the store answers, the bus between instances is connected
 * and no GRIP proxy is failing to take the events. Its data names the store, the bus and each proxy, never a key or an
 * address.
 * <ul>
 * <li>{@code store}: {@code memory}, {@code none}, {@code hibernate-orm}, {@code redis}, or the class of the
 * application's own store; {@code store.status}: {@code up}, {@code down: <reason>}, or {@code not checked} (memory,
 * none and an application's store are not checked).</li>
 * <li>{@code bus}: {@code postgres}, {@code redis} or the application's bus class, when there is a bus;
 * {@code bus.connected}: whether the built-in bus is receiving now.</li>
 * <li>{@code grip.<proxy>}: {@code idle} (nothing published yet), {@code ok} (the last request succeeded) or
 * {@code failing: <reason>}; {@code grip.<proxy>.queued}: the items waiting for it.</li>
 * </ul>
 * An {@link AsyncHealthCheck}: SmallRye Health calls it on an event loop, and nothing here blocks. The store's round
 * trip runs where the store does I/O ({@link StorePing}), at most one at a time, and the check stops waiting for it after
 * {@code quarkus.eventstream.health.store-timeout}.
 */
@Readiness
@Singleton
public class EventStreamReadinessCheck implements AsyncHealthCheck {

    /** The name of the check in {@code /q/health}. */
    public static final String NAME = "eventstream";

    private static final int MAX_REASON_LENGTH = 300;

    private final EventStore store;
    private final EventBus bus;
    private final GripPublisher grip;
    private final StorePing ping;
    private final String storeKind;
    private final String busKind;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<Void>> pinging = new AtomicReference<>();

    @Inject
    public EventStreamReadinessCheck(EventStore store, EventBus bus, GripPublisher grip, @Any Instance<StorePing> pings,
            EventStreamBuildTimeConfig buildConfig, EventStreamRuntimeConfig config) {
        this.store = store;
        this.bus = bus;
        this.grip = grip;
        this.timeout = config.health().storeTimeout();
        StorePing found = null;
        for (StorePing candidate : pings) {
            if (candidate.pings(store)) {
                found = candidate;
            }
        }
        this.ping = found;
        if (store instanceof MemoryEventStore) {
            storeKind = "memory";
        } else if (store instanceof NoEventStore) {
            storeKind = "none";
        } else if (found != null) {
            storeKind = found.kind();
        } else {
            storeKind = className(store);
        }
        if (bus instanceof NoEventBus) {
            busKind = null;
        } else if (bus instanceof BusConnection) {
            busKind = buildConfig.bus().kind().name().toLowerCase();
        } else {
            busKind = className(bus);
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return storeStatus().map(this::response);
    }

    private HealthCheckResponse response(String storeStatus) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("store", storeKind)
                .withData("store.status", storeStatus);
        boolean up = !storeStatus.startsWith("down");
        if (busKind != null) {
            response.withData("bus", busKind);
            if (bus instanceof BusConnection connection) {
                boolean connected = connection.connected();
                response.withData("bus.connected", connected);
                up &= connected;
            }
        }
        for (GripPublisher.ProxyState proxy : grip.proxyStates()) {
            String key = "grip." + proxy.name();
            if (proxy.failure() != null) {
                // only a request that failed counts: the proxy's control API is not probed
                response.withData(key, "failing: " + shorten(proxy.failure()));
                up = false;
            } else {
                response.withData(key, proxy.published() ? "ok" : "idle");
            }
            response.withData(key + ".queued", proxy.queued());
        }
        return response.status(up).build();
    }

    private Uni<String> storeStatus() {
        if (ping == null) {
            return Uni.createFrom().item("not checked");
        }
        return Uni.createFrom().completionStage(this::currentPing).map(ignored -> "up")
                .ifNoItem().after(timeout).recoverWithItem(() -> "down: no answer within " + timeout.toMillis() + " ms")
                .onFailure().recoverWithItem(failure -> "down: " + shorten(reason(failure)));
    }

    /** The round trip in flight, or a new one: a store that hangs holds one thread, not one per probe. */
    private CompletableFuture<Void> currentPing() {
        while (true) {
            CompletableFuture<Void> current = pinging.get();
            if (current != null && !current.isDone()) {
                return current;
            }
            CompletableFuture<Void> next = new CompletableFuture<>();
            if (pinging.compareAndSet(current, next)) {
                try {
                    ping.ping(timeout).whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            next.completeExceptionally(failure);
                        } else {
                            next.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    next.completeExceptionally(e);
                }
                return next;
            }
        }
    }

    /** The innermost message: a driver's own words, not its wrappers'. */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        String message = null;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH) + "...";
    }

    private static String className(Object bean) {
        String name = bean.getClass().getName();
        int generated = name.indexOf("_ClientProxy");
        if (generated < 0) {
            generated = name.indexOf("_Subclass");
        }
        return generated < 0 ? name : name.substring(0, generated);
    }
}
