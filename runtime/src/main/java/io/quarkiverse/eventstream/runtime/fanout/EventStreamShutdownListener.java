package io.quarkiverse.eventstream.runtime.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.stream.Stream;
import io.quarkiverse.eventstream.runtime.stream.StreamError;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.shutdown.ShutdownListener;

/**
 * Ends every open stream with {@code stream-error} {@code shutdown} before the HTTP server closes its connections (a
 * {@code ShutdownEvent} observer runs too late: the connections are gone by then), and waits, at most two seconds, for
 * the events to be written.
 */
public class EventStreamShutdownListener implements ShutdownListener {

    private static final Logger LOG = Logger.getLogger(EventStreamShutdownListener.class);

    @Override
    public void preShutdown(ShutdownNotification notification) {
        try (InstanceHandle<StreamIndex> index = Arc.container().instance(StreamIndex.class)) {
            if (index.isAvailable()) {
                endAll(index.get());
            }
        } finally {
            notification.done();
        }
    }

    private static void endAll(StreamIndex index) {
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (Stream stream : index.all()) {
            ended.add(stream.end(StreamError.shutdown(stream.channels())).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Some streams did not end before shutdown", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
