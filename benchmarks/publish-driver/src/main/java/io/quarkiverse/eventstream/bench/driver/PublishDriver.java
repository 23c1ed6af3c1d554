package io.quarkiverse.eventstream.bench.driver;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes timestamped events at a fixed rate, the same way in every benchmark server, so that the servers differ
 * only in how they deliver.
 * <p>
 * Event <i>k</i> is due at {@code start + k / rate}. One pacing thread hands each due event to {@code threads} workers
 * (a publish may block on a database); a worker stamps the event's data with the wall clock in microseconds right
 * before it calls the publisher, so a receiver measures publish-to-receive latency, the store's work included. The
 * data is {@code "<epoch micros> xxx..."}, padded to {@code size} bytes.
 */
public final class PublishDriver {

    /** Publishes one event; the server's own API behind it. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String channel, String data) throws Exception;
    }

    private PublishDriver() {
    }

    /**
     * Publishes at {@code rate} events per second for {@code seconds}, to {@code prefix} when {@code channels} is 1,
     * else to {@code prefix-<k>} with {@code k} drawn uniformly from {@code [0, channels)}. Returns once every event
     * is published, or after {@code seconds + 60} at most.
     *
     * @return the result as a JSON object
     */
    public static String run(Publisher publisher, String prefix, int channels, double rate, double seconds, int size,
            int threads) throws InterruptedException {
        if (channels < 1 || rate <= 0 || seconds <= 0 || size < 20 || threads < 1) {
            throw new IllegalArgumentException("channels >= 1, rate > 0, seconds > 0, size >= 20, threads >= 1");
        }
        String padding = "x".repeat(size);
        AtomicLong published = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicInteger backlog = new AtomicInteger();
        int maxBacklog = 0;
        long late = 0;
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-publisher");
            t.setDaemon(true);
            return t;
        });
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long due = start;
        long dispatched = 0;
        try {
            while (due < end) {
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                if (now - due > 1_000_000) {
                    // the pacing thread or the workers fell behind: the event goes out late
                    late++;
                }
                String channel = channels == 1 ? prefix : prefix + "-" + ThreadLocalRandom.current().nextInt(channels);
                maxBacklog = Math.max(maxBacklog, backlog.incrementAndGet());
                workers.execute(() -> {
                    try {
                        String stamp = Long.toString(epochMicros());
                        String data = stamp + ' ' + padding.substring(0, size - stamp.length() - 1);
                        publisher.publish(channel, data);
                        published.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        backlog.decrementAndGet();
                    }
                });
                dispatched++;
                due += intervalNanos;
            }
        } finally {
            workers.shutdown();
        }
        boolean finished = workers.awaitTermination((long) seconds + 60, TimeUnit.SECONDS);
        if (!finished) {
            workers.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT,
                "{\"dispatched\":%d,\"published\":%d,\"failed\":%d,\"late\":%d,\"maxBacklog\":%d,"
                        + "\"seconds\":%.3f,\"finished\":%b}",
                dispatched, published.get(), failed.get(), late, maxBacklog, elapsed, finished);
    }

    /** The wall clock in microseconds since the epoch; receivers on the same machine compare against it. */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
