package io.quarkiverse.eventstream.runtime.bus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * A warning logged at most once every ten seconds: a bus that is down fails every attempt and every send, and one line
 * says it as well as thousands. Thread-safe.
 */
public final class QuietWarning {

    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - QUIET_NANOS);

    public QuietWarning(Logger log) {
        this.log = log;
    }

    /** Logs {@code message} at WARN unless a warning went out less than ten seconds ago. */
    public void warn(String message) {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before >= QUIET_NANOS && last.compareAndSet(before, now)) {
            log.warn(message);
        }
    }
}
