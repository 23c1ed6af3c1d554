package io.quarkiverse.eventstream.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;

class CoalescedReadsTest {

    private final SlowStore store = new SlowStore();
    private final EventStreamThreads threads = new EventStreamThreads(4);
    private CoalescedReads reads;

    @AfterEach
    void close() {
        store.release();
        threads.stop();
    }

    private CoalescedReads reads(int cacheSize, int cacheChannels) {
        return new CoalescedReads(store, task -> threads.storeReads().execute(task), cacheSize, cacheChannels);
    }

    @Test
    void readsOfOneChannelWaitingTogetherCostOneQuery() throws Exception {
        reads = reads(0, 0);
        for (int i = 1; i <= 300; i++) {
            store.append("c", "message", "e" + i);
        }
        store.hold();
        CompletableFuture<List<EventFrame>> first = reads.readAfter("c", 0, 100);
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // 50 streams with cursors up to a page apart ask while the first query runs
        List<CompletableFuture<List<EventFrame>>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(reads.readAfter("c", 100 + i, 100));
        }
        store.release();
        assertThat(positions(first.get(10, TimeUnit.SECONDS))).hasSize(100).startsWith(1L).endsWith(100L);
        for (int i = 0; i < 50; i++) {
            List<Long> page = positions(waiting.get(i).get(10, TimeUnit.SECONDS));
            assertThat(page).hasSize(100).startsWith(101L + i).endsWith(200L + i);
        }
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void positionsOfManyChannelsCostOneQueryPerRound() throws Exception {
        reads = reads(0, 0);
        for (int c = 0; c < 20; c++) {
            for (int i = 0; i <= c; i++) {
                store.append("c" + c, "message", "e");
            }
        }
        store.hold();
        CompletableFuture<Long> first = reads.currentPosition("c0");
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> current = new ArrayList<>();
        List<CompletableFuture<Long>> oldest = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            current.add(reads.currentPosition("c" + c));
            oldest.add(reads.oldestPosition("c" + c));
        }
        store.release();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (int c = 0; c < 20; c++) {
            assertThat(current.get(c).get(10, TimeUnit.SECONDS)).isEqualTo(c + 1);
            assertThat(oldest.get(c).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(store.positionQueries.get()).isEqualTo(3);
    }

    @Test
    void aRequestMadeWhileAQueryRunsIsAnsweredByALaterQuery() throws Exception {
        reads = reads(0, 0);
        store.append("c", "message", "e1");
        store.hold();
        CompletableFuture<Long> before = reads.currentPosition("c");
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // committed after the running query read the store: a stream asking now must see it
        store.append("c", "message", "e2");
        CompletableFuture<Long> after = reads.currentPosition("c");
        store.release();
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void committedEventsAreReplayedWithoutAQuery() throws Exception {
        reads = reads(100, 10);
        for (int i = 1; i <= 5; i++) {
            StoredEvent event = store.append("c", "message", "e" + i);
            reads.committed(EventFrame.encode("c", event.position(), "message", "e" + i));
        }
        assertThat(positions(reads.readAfter("c", 2, 100).get(10, TimeUnit.SECONDS))).containsExactly(3L, 4L, 5L);
        assertThat(store.reads.get()).isZero();
        // up to date: only the store can tell whether more was committed elsewhere
        assertThat(reads.readAfter("c", 5, 100).get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.reads.get()).isEqualTo(1);
    }

    @Test
    void aFailedQueryFailsEveryRequestItAnswered() throws Exception {
        reads = reads(0, 0);
        store.failing = true;
        CompletableFuture<Long> position = reads.currentPosition("c");
        CompletableFuture<List<EventFrame>> page = reads.readAfter("c", 0, 10);
        assertThat(position).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("down");
        assertThat(page).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("down");
    }

    private static List<Long> positions(List<EventFrame> events) {
        return events.stream().map(EventFrame::position).toList();
    }

    /** The memory store, blocking as a database is: it counts queries and can hold one until released. */
    static final class SlowStore implements EventStore {
        final MemoryEventStore delegate = new MemoryEventStore(10_000);
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger positionQueries = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile boolean failing;

        void hold() {
            gate = new CountDownLatch(1);
            entered = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        private void pass() {
            if (failing) {
                throw new IllegalStateException("the database is down");
            }
            entered.countDown();
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public StoredEvent append(String channel, String type, String data) {
            return delegate.append(channel, type, data);
        }

        @Override
        public List<StoredEvent> readAfter(String channel, long after, int limit) {
            reads.incrementAndGet();
            // reads the store, then takes its time, as a query does
            List<StoredEvent> events = delegate.readAfter(channel, after, limit);
            pass();
            return events;
        }

        @Override
        public long currentPosition(String channel) {
            throw new AssertionError("asked one by one");
        }

        @Override
        public long oldestPosition(String channel) {
            throw new AssertionError("asked one by one");
        }

        @Override
        public Map<String, Long> currentPositions(Collection<String> channels) {
            positionQueries.incrementAndGet();
            Map<String, Long> positions = delegate.currentPositions(channels);
            pass();
            return positions;
        }

        @Override
        public Map<String, Long> oldestPositions(Collection<String> channels) {
            positionQueries.incrementAndGet();
            Map<String, Long> positions = delegate.oldestPositions(channels);
            pass();
            return positions;
        }

        @Override
        public int deleteOlderThan(Instant cutoff, int limit) {
            return delegate.deleteOlderThan(cutoff, limit);
        }

        @Override
        public String epoch() {
            return delegate.epoch();
        }
    }
}
