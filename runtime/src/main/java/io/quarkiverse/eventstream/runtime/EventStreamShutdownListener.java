package io.quarkiverse.eventstream.runtime;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.shutdown.ShutdownListener;

/**
 * Tells every open stream that the server shuts down, before the HTTP server closes its connections (a
 * {@code ShutdownEvent} observer runs too late: the connections are gone by then).
 */
public class EventStreamShutdownListener implements ShutdownListener {

    @Override
    public void preShutdown(ShutdownNotification notification) {
        try (InstanceHandle<ChannelRegistry> registry = Arc.container().instance(ChannelRegistry.class)) {
            if (registry.isAvailable()) {
                registry.get().closeAllForShutdown();
            }
        } finally {
            notification.done();
        }
    }
}
