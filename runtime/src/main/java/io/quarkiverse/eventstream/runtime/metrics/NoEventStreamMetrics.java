package io.quarkiverse.eventstream.runtime.metrics;

import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * Records nothing: the {@link EventStreamMetrics} of an application without Micrometer, or with
 * {@code quarkus.eventstream.metrics.enabled=false}.
 */
@Singleton
@DefaultBean
public class NoEventStreamMetrics implements EventStreamMetrics {

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public long start() {
        return 0;
    }

    @Override
    public void streamOpened(String endpoint) {
    }

    @Override
    public void streamClosed(String endpoint) {
    }

    @Override
    public void published(boolean stored, long startNanos) {
    }

    @Override
    public void appended(long startNanos) {
    }

    @Override
    public void delivered(int count) {
    }

    @Override
    public void replayed(int count) {
    }

    @Override
    public void reset() {
    }

    @Override
    public void overflow() {
    }

    @Override
    public void ended(String condition) {
    }

    @Override
    public void refused(int status) {
    }

    @Override
    public void deliveryLag(long nanos) {
    }

    @Override
    public void purged(long count) {
    }

    @Override
    public void busPublishFailed() {
    }

    @Override
    public void busRepaired(int count) {
    }

    @Override
    public void gripPublishFailed() {
    }

    @Override
    public void gripDropped() {
    }

    @Override
    public void gripRecovery() {
    }
}
