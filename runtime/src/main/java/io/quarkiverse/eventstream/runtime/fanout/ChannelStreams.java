package io.quarkiverse.eventstream.runtime.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.stream.Stream;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;

/**
 * The streams of one channel, grouped by event loop. An event goes to each group in one task that runs on the group's
 * loop and offers it to the group's streams, where they write it at once: a channel of 10,000 streams costs a handful
 * of tasks per event, and the publishing thread never touches a stream. Events that reach a group before its task
 * reached a stream are offered to that stream in the same run, so a stream writes a burst in one go.
 * <p>
 * {@link #add} and {@link #remove} run inside {@link StreamIndex}'s atomic map operations, one at a time per channel,
 * and on the stream's event loop; {@link #deliver} runs concurrently with them, from any thread.
 */
final class ChannelStreams {

    private static final Logger LOG = Logger.getLogger(ChannelStreams.class);

    /** The streams a task offers events to before it lets the loop run what else waits. */
    static final int SLICE = 256;

    private final EventStreamMetrics metrics;
    private volatile Group[] groups = new Group[0];
    private volatile int size;

    ChannelStreams(EventStreamMetrics metrics) {
        this.metrics = metrics;
    }

    void add(Stream stream) {
        Group group = null;
        for (Group candidate : groups) {
            if (candidate.loop == stream.loop()) {
                group = candidate;
            }
        }
        if (group == null) {
            // a channel has at most one group per event loop: copying on add is cheap
            group = new Group(stream.loop(), metrics);
            Group[] grown = Arrays.copyOf(groups, groups.length + 1);
            grown[groups.length] = group;
            groups = grown;
        }
        if (group.add(stream)) {
            size++;
        }
    }

    /**
     * @return whether the stream was one of the channel's
     */
    boolean remove(Stream stream) {
        for (Group group : groups) {
            if (group.loop == stream.loop() && group.remove(stream)) {
                size--;
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    List<Stream> snapshot() {
        List<Stream> streams = new ArrayList<>(size);
        for (Group group : groups) {
            streams.addAll(group.members.keySet());
        }
        return streams;
    }

    /** Hands {@code event} to every stream of the channel, on their loops. Never blocks; thread-safe. */
    void deliver(EventFrame event) {
        for (Group group : groups) {
            group.deliver(event);
        }
    }

    /**
     * The streams of the channel on one event loop, and the channel's events on their way to them: a log that publishing
     * threads append to and a task on the loop walks. Each stream remembers the last event it was offered; a run offers
     * each stream everything after it that is there by then, so a stream that the run reaches late, while more events
     * came, writes them in one go instead of waiting for the next run.
     */
    private static final class Group implements Runnable {
        final EventLoop loop;
        // the streams, for the other threads (snapshots, sizes)
        private final Map<Stream, Member> members = new ConcurrentHashMap<>();
        // the same streams in the order they joined, for the runs: confined to the loop, on which streams join and
        // leave; a run walks the connections' memory in the order it was allocated
        private final ArrayList<Member> order = new ArrayList<>();
        // the last event appended; a member's next events follow its last seen one
        private final AtomicReference<Event> tail = new AtomicReference<>(new Event(null, 0));
        private final AtomicBoolean scheduled = new AtomicBoolean();
        // where the walk under way goes on, -1 when none is; whether another walk must follow it; confined to the loop
        private int resumeAt = -1;
        private boolean again;
        private final Runnable rest = this::walkRest;
        private final EventStreamMetrics metrics;
        // the delivery lag: the tail when the walk under way started, and the last event timed; confined to the loop,
        // null when metrics are off (so nothing keeps old events)
        private Event walkTail;
        private Event timed;

        Group(EventLoop loop, EventStreamMetrics metrics) {
            this.loop = loop;
            this.metrics = metrics;
            this.timed = metrics.enabled() ? tail.get() : null;
        }

        boolean add(Stream stream) {
            checkLoop();
            // from now on: what was appended before, the stream reads back (see LocalDelivery#delivered)
            Member member = new Member(stream, tail.get(), order.size());
            if (members.putIfAbsent(stream, member) != null) {
                return false;
            }
            order.add(member);
            return true;
        }

        boolean remove(Stream stream) {
            checkLoop();
            Member member = members.remove(stream);
            if (member == null) {
                return false;
            }
            // the last member takes the leaving one's place: O(1) for a mass disconnect
            Member last = order.remove(order.size() - 1);
            if (last != member) {
                order.set(member.index, last);
                last.index = member.index;
            }
            return true;
        }

        private void checkLoop() {
            if (!loop.inEventLoop()) {
                throw new IllegalStateException("A stream joins and leaves its channels on its event loop");
            }
        }

        void deliver(EventFrame frame) {
            Event event = new Event(frame, metrics.start());
            tail.getAndSet(event).next = event;
            if (scheduled.compareAndSet(false, true)) {
                loop.execute(this);
            }
        }

        /**
         * On the loop: offers each stream the events it has not been offered yet, in order, then flushes it;
         * {@link #SLICE} streams at a time, the rest in a task queued behind what the loop was asked meanwhile (a
         * message for the bus, another channel's events), so that a channel with thousands of streams here does not
         * hold the loop for the whole of its fan-out. A run that comes while a walk is under way lets it finish (the
         * streams it has not reached yet get the new events too) and then walks once more from the top: each stream
         * waits at most one walk, whatever the rate.
         */
        @Override
        public void run() {
            // cleared first: an event appended from now on schedules the next run
            scheduled.set(false);
            if (resumeAt >= 0) {
                again = true;
                return;
            }
            if (timed != null) {
                walkTail = tail.get();
            }
            walk(order.size() - 1);
        }

        private void walkRest() {
            walk(Math.min(resumeAt, order.size() - 1));
        }

        /** Offers from index {@code from} down; a stream that ends meanwhile leaves the list: walk it backwards. */
        private void walk(int from) {
            int end = Math.max(-1, from - SLICE);
            for (int i = from; i > end; i--) {
                if (i < order.size()) {
                    offer(order.get(i));
                }
            }
            if (end < 0 && timed != null) {
                timeWalk();
            }
            if (end < 0 && again) {
                // events came during this walk: once more, from the top
                again = false;
                if (timed != null) {
                    walkTail = tail.get();
                }
                end = order.size() - 1;
            }
            resumeAt = end;
            if (end >= 0) {
                loop.execute(rest);
            }
        }

        /**
         * A walk ended: every stream here wrote the events up to the tail of its start. Their lag is recorded once here,
         * not per stream, to keep the fan-out cheap.
         */
        private void timeWalk() {
            long now = System.nanoTime();
            boolean streams = !order.isEmpty();
            for (Event event = timed.next; event != null && timed != walkTail; event = event.next) {
                if (streams) {
                    metrics.deliveryLag(now - event.handedOn);
                }
                timed = event;
            }
        }

        private static void offer(Member member) {
            Event next = member.seen.next;
            if (next == null) {
                return;
            }
            try {
                do {
                    member.stream.offer(next.frame);
                    member.seen = next;
                    next = next.next;
                } while (next != null);
                member.stream.flush();
            } catch (RuntimeException e) {
                // one stream's failure is not the others'
                LOG.errorf(e, "Delivering to a stream of %s failed", member.stream.channels());
            }
        }
    }

    /** An event in a group's log. */
    private static final class Event {
        final EventFrame frame;
        // System.nanoTime() when handed to the group, 0 without metrics
        final long handedOn;
        // linked by the publishing thread right after it became the tail; null until then
        volatile Event next;

        Event(EventFrame frame, long handedOn) {
            this.frame = frame;
            this.handedOn = handedOn;
        }
    }

    /** A stream of a group, the last event it was offered and its place in the run order; confined to the loop. */
    private static final class Member {
        final Stream stream;
        Event seen;
        int index;

        Member(Stream stream, Event seen, int index) {
            this.stream = stream;
            this.seen = seen;
            this.index = index;
        }
    }
}
