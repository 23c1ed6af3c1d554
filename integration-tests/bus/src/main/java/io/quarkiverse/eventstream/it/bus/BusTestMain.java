package io.quarkiverse.eventstream.it.bus;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Serves until stopped; with {@code -Dpublish-only.count=N}, publishes N events {@code job-0..job-<N-1>} to
 * {@code publish-only.channel} and exits instead, as a batch job that never streams would.
 */
@QuarkusMain
public class BusTestMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(BusTestMain.class);

    @Inject
    EventPublisher publisher;

    @ConfigProperty(name = "publish-only.count", defaultValue = "0")
    int count;

    @ConfigProperty(name = "publish-only.channel", defaultValue = "publish-only")
    String channel;

    @Override
    public int run(String... args) {
        if (count <= 0) {
            Quarkus.waitForExit();
            return 0;
        }
        for (int i = 0; i < count; i++) {
            publisher.publishRaw(channel, EventPublisher.DEFAULT_TYPE, "job-" + i);
        }
        LOG.infof("Published %d events to %s; exiting", count, channel);
        return 0;
    }
}
