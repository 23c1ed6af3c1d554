package io.quarkiverse.eventstream.runtime.store;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes stored events older than {@code quarkus.eventstream.retention.max-age}, in batches, every
 * {@code quarkus.eventstream.retention.purge-interval}. Several instances may purge at once: each batch deletes what
 * is still there.
 */
@Singleton
public class EventPurgeJob {

    private static final Logger LOG = Logger.getLogger(EventPurgeJob.class);

    /** The identity of the purge job in the Quarkus Scheduler. */
    public static final String IDENTITY = "eventstream-purge";

    // a run never loops forever, even if events keep aging faster than it deletes them
    private static final int MAX_BATCHES_PER_RUN = 1000;

    private final EventStore store;
    private final EventStreamRuntimeConfig config;
    private final EventStreamMetrics metrics;

    @Inject
    EventPurgeJob(EventStore store, EventStreamRuntimeConfig config, EventStreamMetrics metrics) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
    }

    // the scheduler reads the same property: a duration, or "off", which disables the job
    @Scheduled(identity = IDENTITY, every = "${quarkus.eventstream.retention.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purge();
    }

    /**
     * Purges now.
     *
     * @return the number of events deleted
     */
    public long purge() {
        Instant cutoff = Instant.now().minus(config.retention().maxAge());
        int batch = config.retention().purgeBatchSize();
        long total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int deleted = store.deleteOlderThan(cutoff, batch);
            total += deleted;
            if (deleted < batch) {
                break;
            }
        }
        metrics.purged(total);
        if (total > 0) {
            LOG.debugf("Purged %d events older than %s", total, cutoff);
        }
        return total;
    }
}
