package io.quarkiverse.eventstream.runtime.threads;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;

/**
 * The extension's own threads, created on first use and stopped with the application:
 * <ul>
 * <li>{@link #storeReads()}, {@code quarkus.eventstream.store.read-threads} threads that read a store doing I/O for
 * opening and replaying streams. Never the worker pool: its threads may all be waiting for these reads.</li>
 * <li>{@link #timer()}, one thread for short timeouts (the wait of an event for the ones before it).</li>
 * </ul>
 * Streams themselves run on the Vert.x event loops of their connections.
 */
@Singleton
public class EventStreamThreads {

    private final int readThreads;
    private volatile ExecutorService storeReads;
    private volatile ScheduledExecutorService timer;
    private boolean stopped;

    @Inject
    public EventStreamThreads(EventStreamRuntimeConfig config) {
        this(config.store().readThreads());
    }

    public EventStreamThreads(int readThreads) {
        this.readThreads = readThreads;
    }

    /**
     * @return the pool that reads a blocking store; each of its threads holds a database connection while it reads
     */
    public ExecutorService storeReads() {
        ExecutorService result = storeReads;
        if (result == null) {
            synchronized (this) {
                checkRunning();
                result = storeReads;
                if (result == null) {
                    result = Executors.newFixedThreadPool(readThreads, daemons("eventstream-store-read-"));
                    storeReads = result;
                }
            }
        }
        return result;
    }

    /**
     * @return a single thread for timeouts; tasks must be short and must not block
     */
    public ScheduledExecutorService timer() {
        ScheduledExecutorService result = timer;
        if (result == null) {
            synchronized (this) {
                checkRunning();
                result = timer;
                if (result == null) {
                    result = Executors.newSingleThreadScheduledExecutor(daemons("eventstream-timer-"));
                    timer = result;
                }
            }
        }
        return result;
    }

    /** Stops the threads when the application stops; reads already queued still run, and answer their callers. */
    @PreDestroy
    public synchronized void stop() {
        stopped = true;
        if (storeReads != null) {
            storeReads.shutdown();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void checkRunning() {
        if (stopped) {
            throw new IllegalStateException("The application is stopping");
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
