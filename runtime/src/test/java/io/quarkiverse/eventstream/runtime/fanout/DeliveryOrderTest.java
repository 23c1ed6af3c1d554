package io.quarkiverse.eventstream.runtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;

class DeliveryOrderTest {

    private final List<Long> sent = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch expected = new CountDownLatch(0);
    private final EventStreamThreads threads = new EventStreamThreads(1);
    private final DeliveryOrder order = new DeliveryOrder(e -> {
        sent.add(e.position());
        expected.countDown();
    }, threads::timer);

    @AfterEach
    void close() {
        threads.stop();
    }

    @Test
    void eventsArrivingAheadWaitForTheOnesBefore() {
        order.arrive(event("c", 1));
        order.arrive(event("c", 3));
        order.arrive(event("c", 4));
        assertThat(sent).containsExactly(1L);
        assertThat(order.handedOn("c")).isEqualTo(1);
        order.arrive(event("c", 2));
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L);
        assertThat(order.handedOn("c")).isEqualTo(4);
        // other channels are not held up
        order.arrive(event("d", 9));
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L, 9L);
        assertThat(order.handedOn("d")).isEqualTo(9);
        assertThat(order.handedOn("never")).isZero();
    }

    @Test
    void aPositionThatNeverComesHoldsTheOthersOnlyBriefly() throws InterruptedException {
        order.arrive(event("c", 1));
        expected = new CountDownLatch(2);
        long start = System.nanoTime();
        order.arrive(event("c", 4));
        order.arrive(event("c", 3));
        assertThat(expected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(DeliveryOrder.HOLD_MILLIS - 5);
        assertThat(sent).containsExactly(1L, 3L, 4L);
        // the missing one, late, still goes out; the next in line is not held
        order.arrive(event("c", 2));
        order.arrive(event("c", 5));
        assertThat(sent).containsExactly(1L, 3L, 4L, 2L, 5L);
    }

    private static ChannelEvent event(String channel, long position) {
        return new ChannelEvent(channel, "message", "\"" + position + "\"", position);
    }
}
