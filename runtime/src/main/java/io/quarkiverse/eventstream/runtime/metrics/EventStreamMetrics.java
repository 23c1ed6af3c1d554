package io.quarkiverse.eventstream.runtime.metrics;

/**
 * What the extension reports to a metrics registry, one call per place where something happens. Internal: the only
 * implementations are {@link NoEventStreamMetrics}, used when metrics are off or Micrometer is absent, and
 * {@link MicrometerEventStreamMetrics}, the only class that touches Micrometer types, registered by the build when the
 * application has {@code quarkus-micrometer} and {@code quarkus.eventstream.metrics.enabled} is {@code true}.
 * <p>
 * Every method is thread-safe, never blocks and allocates nothing in the no-op implementation; the hot-path ones
 * ({@link #delivered}, {@link #deliveryLag}) only add to counters in the Micrometer one.
 */
public interface EventStreamMetrics {

    /** The no-op implementation, for code made outside CDI (tests) and when metrics are off. */
    EventStreamMetrics NONE = new NoEventStreamMetrics();

    /** The {@code endpoint} tag of streams opened on the built-in endpoint. */
    String BUILT_IN_ENDPOINT = "built-in";

    /** The {@code endpoint} tag of streams opened by the application's own resources ({@code EventStreams.stream}). */
    String APPLICATION_ENDPOINT = "application";

    /**
     * @return whether anything is recorded; when not, callers skip reading the clock
     */
    boolean enabled();

    /**
     * @return {@link System#nanoTime()} when {@link #enabled()}, else 0: the start of a duration passed back later
     */
    default long start() {
        return enabled() ? System.nanoTime() : 0;
    }

    /** A direct stream of {@code endpoint} started opening; {@link #streamClosed} follows once, whatever happens. */
    void streamOpened(String endpoint);

    /** A stream counted by {@link #streamOpened} ended. */
    void streamClosed(String endpoint);

    /**
     * An event committed and was handed on to the streams, the bus and the proxies.
     *
     * @param startNanos what {@link #start()} returned when {@code publish} was called
     */
    void published(boolean stored, long startNanos);

    /** The store appended an event; {@code startNanos} is what {@link #start()} returned before the append. */
    void appended(long startNanos);

    /** {@code count} events were written to one stream (live, replayed or caught up). */
    void delivered(int count);

    /** {@code count} events read from the store (replay or catch-up) were written to one stream. */
    void replayed(int count);

    /** A stream wrote a {@code stream-reset} event. */
    void reset();

    /** A stream's queue of live events overflowed. */
    void overflow();

    /** A started stream ended with {@code stream-error} {@code condition}. */
    void ended(String condition);

    /** A stream request was refused with the HTTP {@code status} the client received. */
    void refused(int status);

    /** The last stream of an event-loop group wrote an event, {@code nanos} after it was handed to the group. */
    void deliveryLag(long nanos);

    /** The scheduled purge deleted {@code count} events. */
    void purged(long count);

    /** Sending a message on the bus failed. */
    void busPublishFailed();

    /** {@code count} events that did not arrive were read back from the store and handed on. */
    void busRepaired(int count);

    /** A request posting items to a GRIP proxy failed (it is tried again, or its items dropped). */
    void gripPublishFailed();

    /** An item for a GRIP proxy was dropped because its queue was full. */
    void gripDropped();

    /** A GRIP proxy's request on a recovery link was answered. */
    void gripRecovery();
}
