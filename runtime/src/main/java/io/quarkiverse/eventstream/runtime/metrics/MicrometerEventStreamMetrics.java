package io.quarkiverse.eventstream.runtime.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;

/**
 * The {@code eventstream.*} meters, in the application's Micrometer registry. The only class of the extension that
 * touches Micrometer types: the build registers it, by name, only when the application has {@code quarkus-micrometer}
 * and {@code quarkus.eventstream.metrics.enabled} is {@code true}.
 * <p>
 * Counters add to a {@link LongAdder} that a {@link FunctionCounter} reads at scrape time, so counting costs no
 * Micrometer lookup on the hot path. The {@code endpoint} gauges of the built-in and configured endpoints exist from
 * the start, at 0; that of {@code application} once such a stream opened.
 */
@Singleton
public class MicrometerEventStreamMetrics implements EventStreamMetrics {

    private final MeterRegistry registry;
    private final LongAdder publishedStored = new LongAdder();
    private final LongAdder publishedUnstored = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private final LongAdder revoked = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder purged = new LongAdder();
    private final LongAdder busPublishFailures = new LongAdder();
    private final LongAdder busRepairs = new LongAdder();
    private final LongAdder gripPublishFailures = new LongAdder();
    private final LongAdder gripDropped = new LongAdder();
    private final LongAdder gripRecoveries = new LongAdder();
    private final ConcurrentHashMap<String, AtomicLong> openStreams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> refused = new ConcurrentHashMap<>();
    private final Timer publishLatency;
    private final Timer deliveryLag;
    private final Timer storeAppend;

    @Inject
    public MicrometerEventStreamMetrics(MeterRegistry registry, EventStreamBuildTimeConfig config) {
        this.registry = registry;
        boolean histograms = config.metrics().histograms();
        counter("eventstream.events.published", "Events published and committed", publishedStored,
                Tags.of("stored", "true"));
        counter("eventstream.events.published", "Events published and committed", publishedUnstored,
                Tags.of("stored", "false"));
        counter("eventstream.events.delivered", "Events written to streams, one per stream per event", delivered,
                Tags.empty());
        counter("eventstream.events.replayed", "Events read from the store and written to streams (replay, catch-up)",
                replayed, Tags.empty());
        counter("eventstream.streams.resets", "stream-reset events written", resets, Tags.empty());
        counter("eventstream.streams.overflows", "Streams whose queue of live events overflowed", overflows,
                Tags.empty());
        counter("eventstream.streams.revoked", "Streams ended because a permission was withdrawn", revoked,
                Tags.empty());
        counter("eventstream.streams.expired", "Streams ended because their credentials expired", expired,
                Tags.empty());
        counter("eventstream.store.purged", "Events deleted by the scheduled purge", purged, Tags.empty());
        counter("eventstream.bus.publish.failures", "Messages the bus failed to send", busPublishFailures,
                Tags.empty());
        counter("eventstream.bus.repairs", "Events that did not arrive, read back from the store", busRepairs,
                Tags.empty());
        counter("eventstream.grip.publish.failures", "Requests to GRIP proxies' publish API that failed",
                gripPublishFailures, Tags.empty());
        counter("eventstream.grip.dropped", "Items for GRIP proxies dropped because a proxy's queue was full",
                gripDropped, Tags.empty());
        counter("eventstream.grip.recoveries", "Requests of GRIP proxies on recovery links answered", gripRecoveries,
                Tags.empty());
        this.publishLatency = timer("eventstream.publish.latency", "From the publish call to the hand-on after commit",
                histograms);
        this.deliveryLag = timer("eventstream.delivery.lag",
                "From the hand-on of an event to an event loop until the last stream there wrote it", histograms);
        this.storeAppend = timer("eventstream.store.append", "Appends to the event store", histograms);
        if (config.builtInEndpoint()) {
            openStreams(BUILT_IN_ENDPOINT);
        }
        config.endpoints().keySet().forEach(this::openStreams);
    }

    private void counter(String name, String description, LongAdder adder, Tags tags) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tags(tags)
                .register(registry);
    }

    private Timer timer(String name, String description, boolean histogram) {
        return Timer.builder(name).description(description).publishPercentileHistogram(histogram).register(registry);
    }

    private AtomicLong openStreams(String endpoint) {
        return openStreams.computeIfAbsent(endpoint, e -> {
            AtomicLong open = new AtomicLong();
            Gauge.builder("eventstream.streams.open", open, AtomicLong::doubleValue)
                    .description("Direct event streams open on this instance").tag("endpoint", e).strongReference(true)
                    .register(registry);
            return open;
        });
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public long start() {
        return System.nanoTime();
    }

    @Override
    public void streamOpened(String endpoint) {
        openStreams(endpoint).incrementAndGet();
    }

    @Override
    public void streamClosed(String endpoint) {
        openStreams(endpoint).decrementAndGet();
    }

    @Override
    public void published(boolean stored, long startNanos) {
        (stored ? publishedStored : publishedUnstored).increment();
        publishLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void appended(long startNanos) {
        storeAppend.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void delivered(int count) {
        delivered.add(count);
    }

    @Override
    public void replayed(int count) {
        replayed.add(count);
    }

    @Override
    public void reset() {
        resets.increment();
    }

    @Override
    public void overflow() {
        overflows.increment();
    }

    @Override
    public void ended(String condition) {
        switch (condition) {
            case "forbidden" -> revoked.increment();
            case "expired" -> expired.increment();
            default -> {
                // overflows are counted when the queue overflowed; shutdown and store failures are not meters
            }
        }
    }

    @Override
    public void refused(int status) {
        refused.computeIfAbsent(status, s -> {
            LongAdder adder = new LongAdder();
            counter("eventstream.requests.refused", "Stream requests refused, by the HTTP status answered", adder,
                    Tags.of("status", String.valueOf(s)));
            return adder;
        }).increment();
    }

    @Override
    public void deliveryLag(long nanos) {
        deliveryLag.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void purged(long count) {
        purged.add(count);
    }

    @Override
    public void busPublishFailed() {
        busPublishFailures.increment();
    }

    @Override
    public void busRepaired(int count) {
        busRepairs.add(count);
    }

    @Override
    public void gripPublishFailed() {
        gripPublishFailures.increment();
    }

    @Override
    public void gripDropped() {
        gripDropped.increment();
    }

    @Override
    public void gripRecovery() {
        gripRecoveries.increment();
    }
}
