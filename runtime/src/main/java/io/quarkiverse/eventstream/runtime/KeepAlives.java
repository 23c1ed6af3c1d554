package io.quarkiverse.eventstream.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;

/**
 * Keep-alives of all streams, one periodic sweep per event loop instead of one timer per stream: tens of thousands of
 * idle streams cost a few timers. Each sweep asks the loop's streams to send a keep-alive if nothing was written for
 * the interval, so a stream's keep-alive comes between one interval and one interval plus a sweep period after its
 * last write. The streams of a loop are only touched on that loop.
 */
final class KeepAlives {

    private final long intervalMillis;
    private final Map<EventLoop, Sweep> sweeps = new ConcurrentHashMap<>();

    KeepAlives(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Adds a stream; called on its event loop. */
    void add(Subscription subscription, EventLoop loop, Context context) {
        if (intervalMillis <= 0) {
            return;
        }
        sweeps.computeIfAbsent(loop, l -> new Sweep()).add(subscription, context);
    }

    /** Removes a stream; called on its event loop. */
    void remove(Subscription subscription, EventLoop loop) {
        Sweep sweep = sweeps.get(loop);
        if (sweep != null) {
            sweep.remove(subscription);
        }
    }

    /** A sweep period: a quarter of the interval, at most a second, at least 10 ms. */
    long periodMillis() {
        return Math.max(10, Math.min(1_000, intervalMillis / 4));
    }

    /** The streams of one event loop; confined to that loop's thread. */
    private final class Sweep {
        private final List<Subscription> streams = new ArrayList<>();
        private long timer = -1;
        private Context timerContext;

        void add(Subscription subscription, Context context) {
            subscription.keepAliveSlot = streams.size();
            streams.add(subscription);
            if (timer == -1) {
                timerContext = context;
                timer = context.owner().setPeriodic(periodMillis(), id -> sweep());
            }
        }

        void remove(Subscription subscription) {
            // the last stream takes the leaving one's slot: O(1), where a search would make a mass disconnect
            // quadratic in the streams of the loop
            int slot = subscription.keepAliveSlot;
            if (slot >= 0) {
                subscription.keepAliveSlot = -1;
                Subscription last = streams.remove(streams.size() - 1);
                if (last != subscription) {
                    streams.set(slot, last);
                    last.keepAliveSlot = slot;
                }
            }
            if (streams.isEmpty() && timer != -1) {
                timerContext.owner().cancelTimer(timer);
                timer = -1;
            }
        }

        private void sweep() {
            long now = System.nanoTime();
            // a stream may end while it writes: iterate over a snapshot's indices backwards
            for (int i = streams.size() - 1; i >= 0; i--) {
                if (i < streams.size()) {
                    streams.get(i).keepAliveIfIdle(now);
                }
            }
        }
    }
}
