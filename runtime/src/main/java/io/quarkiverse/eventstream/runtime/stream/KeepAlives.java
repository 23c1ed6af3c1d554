package io.quarkiverse.eventstream.runtime.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * Keep-alives of all streams: one periodic sweep per event loop instead of one timer per stream, so tens of thousands of
 * idle streams cost a few timers. Each sweep asks the streams of its loop to write a keep-alive if they wrote nothing
 * for the interval, so a stream's keep-alive comes between one interval and one interval plus a sweep period after its
 * last write. A sweep and its streams are only touched on their loop.
 */
public final class KeepAlives {

    private final long intervalNanos;
    private final Map<EventLoop, Sweep> sweeps = new ConcurrentHashMap<>();

    /**
     * @param intervalNanos idle time before a keep-alive, 0 for none
     */
    public KeepAlives(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Adds a stream to the sweep of its loop; called on that loop.
     *
     * @return its place in the sweep, to {@link Entry#remove()} it; {@code null} when keep-alives are off
     */
    Entry add(Stream stream, EventLoop loop) {
        if (intervalNanos <= 0) {
            return null;
        }
        return sweeps.computeIfAbsent(loop, Sweep::new).add(stream);
    }

    /** A sweep period: a quarter of the interval, at most a second, at least 10 ms. */
    long periodMillis() {
        return Math.max(10, Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(intervalNanos) / 4));
    }

    /** A stream's place in its loop's sweep. */
    final class Entry {
        private final Sweep sweep;
        private final Stream stream;
        private int slot;

        private Entry(Sweep sweep, Stream stream, int slot) {
            this.sweep = sweep;
            this.stream = stream;
            this.slot = slot;
        }

        /** Leaves the sweep; called on the loop. Idempotent. */
        void remove() {
            sweep.remove(this);
        }
    }

    /** The streams of one event loop; confined to that loop's thread. */
    private final class Sweep {
        private final EventLoop loop;
        private final List<Entry> entries = new ArrayList<>();
        private ScheduledFuture<?> timer;

        Sweep(EventLoop loop) {
            this.loop = loop;
        }

        Entry add(Stream stream) {
            Entry entry = new Entry(this, stream, entries.size());
            entries.add(entry);
            if (timer == null) {
                long period = periodMillis();
                timer = loop.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
            }
            return entry;
        }

        void remove(Entry entry) {
            // the last entry takes the leaving one's slot: O(1), where a search would make a mass disconnect
            // quadratic in the streams of the loop
            int slot = entry.slot;
            if (slot < 0) {
                return;
            }
            entry.slot = -1;
            Entry last = entries.remove(entries.size() - 1);
            if (last != entry) {
                entries.set(slot, last);
                last.slot = slot;
            }
            if (entries.isEmpty() && timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void sweep() {
            long now = System.nanoTime();
            // a stream may end while it writes, and leave: walk the indices backwards
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (i < entries.size()) {
                    entries.get(i).stream.keepAliveIfIdle(intervalNanos, now);
                }
            }
        }
    }
}
