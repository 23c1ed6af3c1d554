package io.quarkiverse.eventstream.runtime.bus;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The waits between attempts to reconnect a bus: doubling from 100 ms to 5 s, with jitter so that the instances of an
 * application do not all reconnect at once after an outage.
 */
public final class Backoff {

    private static final long FIRST_MILLIS = 100;
    private static final long MAX_MILLIS = 5_000;

    private Backoff() {
    }

    /**
     * @param attempt 0 for the first retry
     * @return the wait before that retry, in milliseconds
     */
    public static long millis(int attempt) {
        long ceiling = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(attempt, 10));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
