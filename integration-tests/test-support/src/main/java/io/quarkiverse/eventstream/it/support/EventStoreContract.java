package io.quarkiverse.eventstream.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;

/**
 * What every {@link EventStore} promises, as tests: extend this class in a test that has a store, and return it from
 * {@link #store()}.
 * <p>
 * Each test works on channels of its own, with random names, so the suite may share a store with other tests. Purges
 * are the exception: they delete old events of every channel, so do not run this suite at the same time as tests that
 * count purged events.
 */
public abstract class EventStoreContract {

    // slack for a store whose clock (the Redis server, a database) is not the test's
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int DRAIN_BATCH = 1000;
    private static final int MAX_DRAIN_BATCHES = 1000;

    /**
     * @return the store under test
     */
    protected abstract EventStore store();

    /** A channel name no other test uses. */
    protected static String newChannel(String purpose) {
        return "contract-" + purpose + "-" + UUID.randomUUID();
    }

    @Test
    void positionsStartAtOneAndIncreaseByOne() {
        String channel = newChannel("positions");
        Instant before = Instant.now().minus(CLOCK_SLACK);
        for (long expected = 1; expected <= 3; expected++) {
            StoredEvent event = store().append(channel, "message", "e" + expected);
            assertThat(event.position()).isEqualTo(expected);
            assertThat(event.channel()).isEqualTo(channel);
            assertThat(event.type()).isEqualTo("message");
            assertThat(event.data()).isEqualTo("e" + expected);
            assertThat(event.createdAt()).isBetween(before, Instant.now().plus(CLOCK_SLACK));
        }
        assertThat(store().currentPosition(channel)).isEqualTo(3);
        assertThat(store().oldestPosition(channel)).isEqualTo(1);
    }

    @Test
    void channelsCountPositionsIndependently() {
        String a = newChannel("independent-a");
        String b = newChannel("independent-b");
        assertThat(store().append(a, "message", "a1").position()).isEqualTo(1);
        assertThat(store().append(a, "message", "a2").position()).isEqualTo(2);
        assertThat(store().append(b, "message", "b1").position()).isEqualTo(1);
        assertThat(store().append(a, "message", "a3").position()).isEqualTo(3);
        assertThat(store().append(b, "message", "b2").position()).isEqualTo(2);
        assertThat(data(store().readAfter(a, 0, 10))).containsExactly("a1", "a2", "a3");
        assertThat(data(store().readAfter(b, 0, 10))).containsExactly("b1", "b2");
    }

    @Test
    void readAfterReturnsTheEventsAfterAPositionInOrderUpToTheLimit() {
        String channel = newChannel("read");
        List<StoredEvent> appended = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            appended.add(store().append(channel, "message", "e" + i));
        }
        List<StoredEvent> all = store().readAfter(channel, 0, 10);
        assertThat(positions(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
        for (int i = 0; i < all.size(); i++) {
            assertSameEvent(all.get(i), appended.get(i));
        }
        assertThat(positions(store().readAfter(channel, 2, 10))).containsExactly(3L, 4L, 5L);
        assertThat(positions(store().readAfter(channel, 1, 2))).containsExactly(2L, 3L);
        assertThat(positions(store().readAfter(channel, 0, 1))).containsExactly(1L);
        assertThat(positions(store().readAfter(channel, 4, 1))).containsExactly(5L);
        assertThat(store().readAfter(channel, 5, 10)).isEmpty();
        assertThat(store().readAfter(channel, 99, 10)).isEmpty();
    }

    @Test
    void eventsKeepTheirTypeAndDataExactly() {
        String channel = newChannel("round-trip");
        String[][] events = {
                { "message", "line one\nline two\n\nline four" },
                { "message", "\nstarts and ends with a line feed\n" },
                { "message", "carriage\r\nreturns\rtoo" },
                { "order-créé", "unicode: é ü ß 中文 😀 \u2028 \u00a0" },
                { "message", "100% \"double\" 'single' `back` \\ %s %d %% {} [] <b>&amp;</b>" },
                { "message", "" },
                { "type with spaces", "3\n1700000000000\nmessage\nlooks like an encoded event" },
                { "message", "0123456789abcdéf".repeat(4096) },
        };
        List<StoredEvent> appended = new ArrayList<>();
        for (String[] event : events) {
            StoredEvent stored = store().append(channel, event[0], event[1]);
            assertThat(stored.type()).isEqualTo(event[0]);
            assertThat(stored.data()).isEqualTo(event[1]);
            appended.add(stored);
        }
        assertThat(events[events.length - 1][1]).hasSizeGreaterThanOrEqualTo(64 * 1024);
        List<StoredEvent> read = store().readAfter(channel, 0, 100);
        assertThat(read).hasSize(events.length);
        for (int i = 0; i < events.length; i++) {
            assertThat(read.get(i).type()).isEqualTo(events[i][0]);
            assertThat(read.get(i).data()).as("data of event %d", i + 1).isEqualTo(events[i][1]);
            assertSameEvent(read.get(i), appended.get(i));
        }
    }

    @Test
    void unknownChannelsAreAtPositionZero() {
        String unknown = newChannel("unknown");
        assertThat(store().currentPosition(unknown)).isZero();
        assertThat(store().oldestPosition(unknown)).isZero();
        assertThat(store().readAfter(unknown, 0, 10)).isEmpty();
        assertThat(store().currentPositions(List.of(unknown))).containsExactly(Map.entry(unknown, 0L));
        assertThat(store().oldestPositions(List.of(unknown))).containsExactly(Map.entry(unknown, 0L));
    }

    @Test
    void positionsOfManyChannelsAgreeWithTheSingleCalls() {
        String three = newChannel("many-three");
        String one = newChannel("many-one");
        String none = newChannel("many-none");
        for (int i = 0; i < 3; i++) {
            store().append(three, "message", "x");
        }
        store().append(one, "message", "x");
        List<String> channels = List.of(three, one, none);

        Map<String, Long> current = store().currentPositions(channels);
        Map<String, Long> oldest = store().oldestPositions(channels);
        assertThat(current).isEqualTo(Map.of(three, 3L, one, 1L, none, 0L));
        assertThat(oldest).isEqualTo(Map.of(three, 1L, one, 1L, none, 0L));
        Map<String, Long> single = new HashMap<>();
        channels.forEach(c -> single.put(c, store().currentPosition(c)));
        assertThat(current).isEqualTo(single);
        single.clear();
        channels.forEach(c -> single.put(c, store().oldestPosition(c)));
        assertThat(oldest).isEqualTo(single);
        assertThat(store().currentPositions(List.of())).isEmpty();
        assertThat(store().oldestPositions(List.of())).isEmpty();
    }

    @Test
    void deleteOlderThanKeepsEventsCreatedAfterTheCutoff() {
        String channel = newChannel("keep");
        Instant cutoff = Instant.now().minus(CLOCK_SLACK);
        for (int i = 0; i < 3; i++) {
            store().append(channel, "message", "x");
        }
        drainOlderThan(cutoff);
        assertThat(positions(store().readAfter(channel, 0, 10))).containsExactly(1L, 2L, 3L);
        assertThat(store().oldestPosition(channel)).isEqualTo(1);
        // no event of any test is that old
        assertThat(store().deleteOlderThan(Instant.parse("2001-01-01T00:00:00Z"), 10)).isZero();
    }

    @Test
    void deleteOlderThanHonoursTheLimitAndReturnsTheCount() {
        String channel = newChannel("limit");
        for (int i = 0; i < 5; i++) {
            store().append(channel, "message", "x");
        }
        Instant cutoff = Instant.now().plus(CLOCK_SLACK);
        // other channels may hold older events: the first two deleted are not necessarily this channel's
        assertThat(store().deleteOlderThan(cutoff, 2)).isEqualTo(2);
        assertThat(drainOlderThan(cutoff)).isGreaterThanOrEqualTo(3);
        assertThat(store().readAfter(channel, 0, 10)).isEmpty();
        assertThat(store().oldestPosition(channel)).isZero();
        assertThat(store().currentPosition(channel)).isEqualTo(5);
        assertThat(store().deleteOlderThan(cutoff, 10)).isZero();
    }

    @Test
    void positionsAreNeverGivenAgainAfterAPurge() {
        String channel = newChannel("after-purge");
        for (int i = 0; i < 3; i++) {
            store().append(channel, "message", "x");
        }
        drainOlderThan(Instant.now().plus(CLOCK_SLACK));
        assertThat(store().append(channel, "message", "after").position()).isEqualTo(4);
        assertThat(store().currentPosition(channel)).isEqualTo(4);
        assertThat(store().oldestPosition(channel)).isEqualTo(4);
        assertThat(store().oldestPositions(List.of(channel))).containsExactly(Map.entry(channel, 4L));
        assertThat(data(store().readAfter(channel, 0, 10))).containsExactly("after");
    }

    @Test
    void theEpochIsLettersAndDigitsAndStable() {
        String epoch = store().epoch();
        assertThat(epoch).matches("[A-Za-z0-9]+");
        store().append(newChannel("epoch"), "message", "x");
        assertThat(store().epoch()).isEqualTo(epoch);
    }

    @Test
    void concurrentAppendsGiveEachChannelEveryPositionOnce() throws Exception {
        int threads = 8;
        int appendsPerThread = 200;
        List<String> channels = List.of(newChannel("concurrent-0"), newChannel("concurrent-1"),
                newChannel("concurrent-2"), newChannel("concurrent-3"));
        Map<String, ConcurrentLinkedQueue<Long>> given = new ConcurrentHashMap<>();
        channels.forEach(c -> given.put(c, new ConcurrentLinkedQueue<>()));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    assertThat(start.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < appendsPerThread; i++) {
                        String channel = channels.get((thread + i) % channels.size());
                        given.get(channel).add(store().append(channel, "message", thread + ":" + i).position());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> d : done) {
                d.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long perChannel = threads * appendsPerThread / channels.size();
        List<Long> expected = LongStream.rangeClosed(1, perChannel).boxed().toList();
        for (String channel : channels) {
            assertThat(given.get(channel).stream().sorted().toList()).as(channel).isEqualTo(expected);
            assertThat(store().currentPosition(channel)).isEqualTo(perChannel);
            assertThat(positions(store().readAfter(channel, 0, (int) perChannel + 1))).as(channel).isEqualTo(expected);
        }
    }

    /** Deletes every event created before {@code cutoff}, in batches; returns how many. */
    private long drainOlderThan(Instant cutoff) {
        long total = 0;
        for (int i = 0; i < MAX_DRAIN_BATCHES; i++) {
            int deleted = store().deleteOlderThan(cutoff, DRAIN_BATCH);
            assertThat(deleted).isBetween(0, DRAIN_BATCH);
            total += deleted;
            if (deleted < DRAIN_BATCH) {
                return total;
            }
        }
        throw new AssertionError("Still deleting events older than " + cutoff + " after " + total);
    }

    private static void assertSameEvent(StoredEvent read, StoredEvent appended) {
        assertThat(read.channel()).isEqualTo(appended.channel());
        assertThat(read.position()).isEqualTo(appended.position());
        assertThat(read.type()).isEqualTo(appended.type());
        assertThat(read.data()).isEqualTo(appended.data());
        // a database may keep a coarser time than the one append returned
        assertThat(Duration.between(appended.createdAt(), read.createdAt()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    private static List<Long> positions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::position).toList();
    }

    private static List<String> data(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::data).toList();
    }
}
