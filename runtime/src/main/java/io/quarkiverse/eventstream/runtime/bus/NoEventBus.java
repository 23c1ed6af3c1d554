package io.quarkiverse.eventstream.runtime.bus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkus.arc.DefaultBean;

/**
 * {@code quarkus.eventstream.bus=none}: events reach only the streams of the instance that published them. An
 * application bean implementing {@link EventBus} replaces it.
 */
@DefaultBean
@Singleton
public class NoEventBus implements EventBus {

    @Override
    public CompletionStage<Void> publish(BusMessage message) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void start(BusReceiver receiver) {
    }
}
