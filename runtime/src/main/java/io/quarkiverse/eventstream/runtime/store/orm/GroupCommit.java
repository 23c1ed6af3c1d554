package io.quarkiverse.eventstream.runtime.store.orm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.spi.StoredEvent;

/**
 * The appends made outside transactions, all channels together: a group commit. One thread at a time, the leader,
 * stores everything waiting in one transaction, again until its own event is stored, then hands over to the next
 * waiting thread. Threads publishing at the same time thus share one commit (one counter update per channel, one
 * synchronous write of the database's log) instead of each paying for its own, and each channel's positions still
 * follow the order in which its events were handed in. If a batch fails, its events are tried one by one, so one
 * bad event fails alone.
 */
final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Events stored by one group commit at most. */
    static final int MAX_BATCH = 500;
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(2);

    private final Function<List<Append>, List<StoredEvent>> storeInTransaction;
    private final ArrayDeque<Append> waiting = new ArrayDeque<>();
    private boolean leading;

    /**
     * @param storeInTransaction stores a batch in a transaction of its own and returns the stored events, in order
     */
    GroupCommit(Function<List<Append>, List<StoredEvent>> storeInTransaction) {
        this.storeInTransaction = storeInTransaction;
    }

    /** Stores {@code mine} with whatever else waits, and returns it stored; blocks until then. */
    StoredEvent append(Append mine) {
        boolean lead;
        synchronized (this) {
            waiting.add(mine);
            lead = !leading;
            leading = true;
        }
        if (lead || !mine.awaitDoneOrLead()) {
            lead(mine);
        }
        return mine.result();
    }

    private void lead(Append mine) {
        try {
            while (true) {
                List<Append> batch = new ArrayList<>();
                synchronized (this) {
                    if (mine.done || waiting.isEmpty()) {
                        return;
                    }
                    while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                        batch.add(waiting.poll());
                    }
                }
                store(batch);
            }
        } finally {
            handOver();
        }
    }

    private void store(List<Append> batch) {
        try {
            List<StoredEvent> stored = storeInTransaction.apply(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(stored.get(i), null);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Stored %d events in one transaction", batch.size());
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                LOG.debugf(e, "Storing %d events together failed; storing them one by one", batch.size());
                batch.forEach(a -> store(List.of(a)));
            } else {
                batch.get(0).complete(null, e);
            }
        } catch (Error e) {
            IllegalStateException failure = new IllegalStateException("Appending to the event store failed", e);
            batch.forEach(a -> a.complete(null, failure));
            throw e;
        }
    }

    /** The next waiting thread leads, if any. */
    private synchronized void handOver() {
        Append next = waiting.peek();
        if (next != null) {
            next.lead();
        } else {
            leading = false;
        }
    }

    /** An event waiting to be appended outside any transaction of the caller's. */
    static final class Append {
        final String channel;
        final String type;
        final String data;
        private StoredEvent result;
        private RuntimeException failure;
        private boolean done;
        private boolean leads;

        Append(String channel, String type, String data) {
            this.channel = channel;
            this.type = type;
            this.data = data;
        }

        synchronized void complete(StoredEvent event, RuntimeException error) {
            result = event;
            failure = error;
            done = true;
            notifyAll();
        }

        synchronized void lead() {
            leads = true;
            notifyAll();
        }

        /** Waits until this event is stored, or until its thread must take over the appends of the channel. */
        synchronized boolean awaitDoneOrLead() {
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            while (!done && !leads) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("Appending to the event store took longer than " + WAIT_LIMIT);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while appending to the event store", e);
                }
            }
            return done;
        }

        StoredEvent result() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
