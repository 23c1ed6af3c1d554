package io.quarkiverse.eventstream.runtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;

class DeliveryOrderTest {

    private final List<Long> sent = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch expected = new CountDownLatch(0);
    private final EventStreamThreads threads = new EventStreamThreads(1);
    /** What the store holds of channel c, read by the repairs on the store thread. */
    private final Map<Long, ChannelEvent> stored = new ConcurrentSkipListMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean streams = true;
    private final DeliveryOrder order = new DeliveryOrder(e -> {
        sent.add(e.position());
        expected.countDown();
    }, threads::timer, (channel, after, limit) -> CompletableFuture.supplyAsync(() -> {
        reads.incrementAndGet();
        List<ChannelEvent> page = new ArrayList<>();
        for (ChannelEvent event : stored.values()) {
            if (event.position() > after && page.size() < limit) {
                page.add(event);
            }
        }
        return page;
    }, threads.storeReads()), channel -> streams);

    @AfterEach
    void close() {
        threads.stop();
    }

    @Test
    void eventsArrivingAheadWaitForTheOnesBefore() {
        order.arrive(event("c", 1), false);
        order.arrive(event("c", 3), false);
        order.arrive(event("c", 4), false);
        assertThat(sent).containsExactly(1L);
        assertThat(order.handedOn("c")).isEqualTo(1);
        order.arrive(event("c", 2), false);
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L);
        assertThat(order.handedOn("c")).isEqualTo(4);
        // other channels are not held up
        order.arrive(event("d", 9), false);
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L, 9L);
        assertThat(order.handedOn("d")).isEqualTo(9);
        assertThat(order.handedOn("never")).isZero();
    }

    @Test
    void duplicatesAreDropped() {
        order.arrive(event("c", 1), false);
        order.arrive(event("c", 2), false);
        order.arrive(event("c", 1), false);
        order.arrive(event("c", 2), false);
        order.arrive(event("c", 3), false);
        assertThat(sent).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aGapIsReadFromTheStoreOnceTheHoldExpires() throws InterruptedException {
        for (long p = 1; p <= 5; p++) {
            stored.put(p, event("c", p));
        }
        order.arrive(event("c", 1), false);
        expected = new CountDownLatch(4);
        long start = System.nanoTime();
        // 2 and 3 were lost on the way
        order.arrive(event("c", 4), false);
        order.arrive(event("c", 5), false);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(DeliveryOrder.HOLD_MILLIS - 5);
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(reads).hasValue(1);
        // late copies of the lost ones are duplicates now
        order.arrive(event("c", 2), false);
        order.arrive(event("c", 6), false);
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void whatTheStoreLacksIsSkipped() throws InterruptedException {
        stored.put(1L, event("c", 1));
        stored.put(4L, event("c", 4));
        order.arrive(event("c", 1), false);
        expected = new CountDownLatch(1);
        order.arrive(event("c", 4), false);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly(1L, 4L);
        order.arrive(event("c", 5), false);
        assertThat(sent).containsExactly(1L, 4L, 5L);
    }

    @Test
    void aReferenceIsReadAtOnce() throws InterruptedException {
        for (long p = 1; p <= 3; p++) {
            stored.put(p, event("c", p));
        }
        order.arrive(event("c", 1), false);
        expected = new CountDownLatch(2);
        order.reference("c", 3);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly(1L, 2L, 3L);
    }

    @Test
    void repairToReadsWhatTheBusLostAfterTheLastEvent() throws InterruptedException {
        for (long p = 1; p <= 1_200; p++) {
            stored.put(p, event("c", p));
        }
        order.joined("c", 0);
        order.arrive(event("c", 1), false);
        expected = new CountDownLatch(1_199);
        order.repairTo("c", 1_200);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order.handedOn("c")).isEqualTo(1_200);
        assertThat(sent).hasSize(1_200);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i)).isEqualTo(i + 1);
        }
        // in pages
        assertThat(reads.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aStreamJoiningStartsTheSequenceAtItsPosition() throws InterruptedException {
        for (long p = 1; p <= 7; p++) {
            stored.put(p, event("c", p));
        }
        order.joined("c", 5);
        assertThat(order.handedOn("c")).isEqualTo(5);
        // the bus lost 6
        expected = new CountDownLatch(2);
        order.arrive(event("c", 7), false);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly(6L, 7L);
    }

    @Test
    void aChannelWithoutStreamsHereIsNotRepaired() throws InterruptedException {
        streams = false;
        stored.put(2L, event("c", 2));
        order.arrive(event("c", 1), false);
        expected = new CountDownLatch(1);
        order.arrive(event("c", 3), false);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly(1L, 3L);
        assertThat(reads).hasValue(0);
    }

    @Test
    void eventsPublishedHereAreForwardedInPositionOrderOnceEach() throws InterruptedException {
        List<Long> forwarded = new CopyOnWriteArrayList<>();
        order.forwardTo(e -> forwarded.add(e.position()));
        order.arrive(event("c", 1), true);
        // two publishers here committed 2 and 3 close together; 3 arrives first
        order.arrive(event("c", 3), true);
        assertThat(forwarded).containsExactly(1L);
        order.arrive(event("c", 2), true);
        assertThat(forwarded).containsExactly(1L, 2L, 3L);
        // events of other instances are not forwarded
        order.arrive(event("c", 4), false);
        assertThat(forwarded).containsExactly(1L, 2L, 3L);
        // one published here that a store read handed on first still goes to the others
        stored.put(5L, event("c", 5));
        stored.put(6L, event("c", 6));
        expected = new CountDownLatch(2);
        order.arrive(event("c", 6), false);
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        order.arrive(event("c", 5), true);
        assertThat(forwarded).containsExactly(1L, 2L, 3L, 5L);
    }

    private static ChannelEvent event(String channel, long position) {
        return new ChannelEvent(channel, "message", "\"" + position + "\"", position);
    }
}
