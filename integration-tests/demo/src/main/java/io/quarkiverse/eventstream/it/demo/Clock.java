package io.quarkiverse.eventstream.it.demo;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the time to the {@code clock} channel, so the demo page shows live events with no one typing.
 */
public class Clock {

    @Inject
    EventPublisher publisher;

    @Scheduled(every = "${demo.clock.interval:2s}", identity = "demo-clock")
    void tick() {
        publisher.publish("clock", "tick", Map.of("time", Instant.now().toString()));
    }
}
