package io.quarkiverse.eventstream.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkiverse.eventstream.it.bus.MessageStream.Message;

/**
 * What a bus between instances promises, checked on two packaged instances A and B (separate JVMs, one PostgreSQL
 * database as their shared {@code hibernate-orm} store) over real HTTP: events of stored channels reach every
 * instance's streams once each and in id order whatever the bus does, cursors work on any instance, and a permission
 * change on one instance ends streams on the others. A subclass per bus supplies the bus's settings and a way to cut
 * A's bus connection.
 * <p>
 * The periodic check ({@code quarkus.eventstream.bus.check-interval}) is off, so that nothing here passes thanks to a
 * check that happened to run: losses must be repaired by the bus's reconnection and by gap detection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BusContractIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration QUIET = Duration.ofMillis(500);
    static final int BURST = 2_000;

    TestDatabase database;
    /** The notification or pub/sub channel of this run, so that runs sharing a server never hear each other. */
    final String busChannel = "eventstream_it_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    AppInstance a;
    AppInstance b;
    private int portA;
    private int portB;
    private final List<AppInstance> others = new ArrayList<>();

    /** {@code postgres} or {@code redis}: names the logs. */
    abstract String bus();

    /** The packaged application built with this bus. */
    abstract Path jar();

    /** Starts what the bus needs beyond the database, before the instances. */
    void startBusServer() throws Exception {
    }

    void stopBusServer() throws Exception {
    }

    /** The bus's settings of instance {@code name} ({@code a}, {@code b}, or another). */
    abstract List<String> busProperties(String name);

    /**
     * Breaks A's bus connection from the server side, as a network failure or a server restart would.
     *
     * @return how many connections were cut
     */
    abstract int cutBusConnectionOfA() throws Exception;

    @BeforeAll
    void startInstances() throws Exception {
        database = TestDatabase.create();
        startBusServer();
        portA = AppInstance.freePort();
        portB = AppInstance.freePort();
        // one after the other: the first creates the tables
        a = startInstance("a", portA);
        b = startInstance("b", portB);
    }

    @BeforeEach
    void restartStoppedInstances() throws Exception {
        // a test that failed while A was stopped must not take the next ones down with it
        if (!a.alive()) {
            a = startInstance("a", portA);
        }
        if (!b.alive()) {
            b = startInstance("b", portB);
        }
    }

    @AfterEach
    void stopOtherInstances() {
        others.forEach(AppInstance::kill);
        others.clear();
    }

    @AfterAll
    void stopInstances() throws Exception {
        try {
            for (AppInstance instance : new AppInstance[] { a, b }) {
                if (instance != null) {
                    instance.kill();
                }
            }
            stopBusServer();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    AppInstance startInstance(String name, int port) throws Exception {
        return AppInstance.start(bus() + "-" + name, jar(), port, properties(name));
    }

    List<String> properties(String name) {
        List<String> properties = new ArrayList<>(List.of(
                "quarkus.datasource.jdbc.url=" + database.jdbcUrl(),
                "quarkus.datasource.username=" + database.user(),
                "quarkus.eventstream.bus.channel=" + busChannel,
                "quarkus.eventstream.bus.check-interval=off",
                "quarkus.log.category.\"io.quarkiverse.eventstream.runtime.bus\".level=DEBUG"));
        properties.addAll(busProperties(name));
        return properties;
    }

    @Test
    void deliversAnEventPublishedOnBToAStreamOnAWithinASecond() throws Exception {
        int count = 100;
        long[] nanos = new long[count];
        try (MessageStream onA = MessageStream.open(a.uri("/events/latency"), WAIT)) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                long position = b.publish("latency", "m" + i);
                Message message = onA.next(WAIT);
                nanos[i] = System.nanoTime() - start;
                assertThat(message.data()).isEqualTo("m" + i);
                assertThat(message.position()).isEqualTo(position);
            }
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        String observed = String.format("%s bus, publish on B (HTTP POST sent) to receipt on A, %d events one at a"
                + " time: first %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", bus(), count, nanos[0] / 1e6,
                sorted[count / 2] / 1e6, sorted[count * 99 / 100] / 1e6, sorted[count - 1] / 1e6);
        System.out.print(observed);
        Files.writeString(Path.of(System.getProperty("bus.logs", "target/bus-logs"), bus() + "-latency.txt"),
                observed, StandardCharsets.UTF_8);
        assertThat(sorted[count - 1]).as("the slowest event's latency in ns").isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void eventsLargerThanANotificationCrossWhole() throws Exception {
        // 20,000 bytes: over PostgreSQL's 8,000-byte limit, so a reference (stored) or fragments (not stored) there
        String big = "0123456789abcdef".repeat(1_250);
        try (MessageStream stored = MessageStream.open(a.uri("/events/big"), WAIT);
                MessageStream live = MessageStream.open(a.uri("/events/live-big"), WAIT)) {
            long position = b.publish("big", big);
            Message message = stored.next(WAIT);
            assertThat(message.data()).isEqualTo(big);
            assertThat(message.position()).isEqualTo(position);
            b.publish("live-big", big);
            assertThat(live.nextUnstored(WAIT)).isEqualTo(big);
            // and what follows is not held up
            b.publish("big", "small");
            assertThat(stored.next(WAIT).data()).isEqualTo("small");
        }
    }

    @Test
    void aPublishWhoseTransactionRollsBackReachesNoInstance() throws Exception {
        String channel = "rolled-back";
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT);
                MessageStream onB = MessageStream.open(b.uri("/events/" + channel), WAIT)) {
            long first = b.publish(channel, "committed-1");
            assertThat(onA.next(WAIT).data()).isEqualTo("committed-1");
            assertThat(onB.next(WAIT).data()).isEqualTo("committed-1");
            b.post("/test/publish-rolled-back/" + channel, "rolled-back", Duration.ofSeconds(10));
            // its position is given again (hibernate-orm), or was never given (a store outside the transaction): a
            // message of the rolled-back event would carry other data at it
            long next = b.publish(channel, "committed-2");
            assertThat(next).isEqualTo(first + 1);
            Message onAgain = onA.next(WAIT);
            assertThat(onAgain.data()).isEqualTo("committed-2");
            assertThat(onAgain.position()).isEqualTo(next);
            assertThat(onB.next(WAIT).data()).isEqualTo("committed-2");
            assertThat(onA.poll(QUIET)).as("nothing more on A").isNull();
            assertThat(onB.poll(QUIET)).as("nothing more on B").isNull();
        }
    }

    @Test
    void deliversInterleavedPublishesOfBothInstancesOnceAndInOrderOnBoth() throws Exception {
        String channel = "interleaved";
        Set<String> published = new HashSet<>();
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT);
                MessageStream onB = MessageStream.open(b.uri("/events/" + channel), WAIT)) {
            for (int i = 0; i < 100; i++) {
                (i % 2 == 0 ? a : b).publish(channel, "alternating-" + i);
                published.add("alternating-" + i);
            }
            ExecutorService publishers = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> both = new ArrayList<>();
                for (AppInstance instance : List.of(a, b)) {
                    both.add(publishers.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            instance.publish(channel, "concurrent-" + instance.name + "-" + i);
                        }
                        return null;
                    }));
                    for (int i = 0; i < 50; i++) {
                        published.add("concurrent-" + instance.name + "-" + i);
                    }
                }
                for (Future<?> future : both) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                publishers.shutdownNow();
            }
            List<Message> seenOnA = onA.next(published.size(), WAIT);
            List<Message> seenOnB = onB.next(published.size(), WAIT);
            assertOnceInOrder(seenOnA, published);
            assertOnceInOrder(seenOnB, published);
            assertThat(seenOnB).as("both instances in the same order").isEqualTo(seenOnA);
            assertThat(onA.poll(QUIET)).as("nothing more on A").isNull();
            assertThat(onB.poll(QUIET)).as("nothing more on B").isNull();
        }
    }

    @Test
    void resumesOnBFromACursorTakenOnA() throws Exception {
        String channel = "resume";
        String cursor;
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT)) {
            for (int i = 0; i < 4; i++) {
                (i % 2 == 0 ? a : b).publish(channel, "seen-" + i);
            }
            List<Message> seen = onA.next(4, WAIT);
            cursor = seen.get(3).id();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            (i % 2 == 0 ? b : a).publish(channel, "missed-" + i);
            missed.add("missed-" + i);
        }
        try (MessageStream onB = MessageStream.open(b.uri("/events/" + channel), WAIT, "Last-Event-ID", cursor)) {
            List<Message> replayed = onB.next(missed.size(), WAIT);
            assertThat(replayed).extracting(Message::data).containsExactlyElementsOf(missed);
            assertThat(replayed).extracting(Message::position).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
            a.publish(channel, "live");
            Message live = onB.next(WAIT);
            assertThat(live.data()).isEqualTo("live");
            assertThat(live.position()).isEqualTo(12);
            assertThat(onB.poll(QUIET)).as("nothing more").isNull();
        }
    }

    @Test
    void deliversABurstOnBToAOnceAndInOrder() throws Exception {
        String channel = "burst";
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT)) {
            CompletableFuture<String> burst = b.burst(channel, BURST, 4);
            List<Message> seen = onA.next(BURST, Duration.ofSeconds(90));
            burst.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertOnceInOrder(seen, burstData(BURST));
            assertThat(seen.get(0).position()).isEqualTo(1);
            assertThat(onA.poll(QUIET)).as("nothing more").isNull();
        }
    }

    @Test
    void revocationOnBEndsTheUsersStreamOnAOnly() throws Exception {
        String channel = "private-revoke";
        String path = "/events/" + channel;
        a.post("/test/grant/alice/" + channel, "", WAIT);
        b.post("/test/grant/bob/" + channel, "", WAIT);
        try (MessageStream aliceOnA = MessageStream.open(a.uri(path), WAIT, "Authorization", basic("alice"));
                MessageStream aliceOnB = MessageStream.open(b.uri(path), WAIT, "Authorization", basic("alice"));
                MessageStream bobOnA = MessageStream.open(a.uri(path), WAIT, "Authorization", basic("bob"))) {
            assertThat(b.post("/test/revoke/alice/" + channel, "", WAIT)).as("streams ended on B itself").isEqualTo("1");
            for (MessageStream alice : List.of(aliceOnA, aliceOnB)) {
                List<String> error = alice.nextEventBlock(WAIT);
                assertThat(error).contains("event: stream-error");
                assertThat(String.join("\n", error)).contains("\"condition\":\"forbidden\"").contains(channel);
                assertThat(alice.awaitEnd(WAIT)).as("ended cleanly").isTrue();
            }
            b.publish(channel, "for-bob");
            assertThat(bobOnA.next(WAIT).data()).isEqualTo("for-bob");
            assertThat(a.streamStatus(path, "Authorization", basic("alice"))).isEqualTo(403);
        }
    }

    @Test
    void losesAndRepeatsNothingWhenTheBusConnectionIsCutDuringABurst() throws Exception {
        String channel = "cut";
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT)) {
            CompletableFuture<String> burst = b.burst(channel, BURST, 2);
            awaitPosition(b, channel, BURST / 5, burst);
            assertThat(cutBusConnectionOfA()).as("bus connections of A cut").isPositive();
            assertThat(burst).as("the cut came during the burst").isNotDone();
            awaitPosition(b, channel, BURST * 3 / 5, burst);
            // A may still be reconnecting: then there is nothing to cut
            cutBusConnectionOfA();
            burst.get(90, TimeUnit.SECONDS);
            List<Message> seen = onA.next(BURST, Duration.ofSeconds(60));
            assertOnceInOrder(seen, burstData(BURST));
            assertThat(onA.poll(QUIET)).as("nothing more").isNull();
        }
    }

    @Test
    void replaysOnARestartedAWhatBPublishedWhileAWasStopped() throws Exception {
        String channel = "restart";
        String cursor;
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT)) {
            for (int i = 0; i < 3; i++) {
                b.publish(channel, "before-" + i);
            }
            cursor = onA.next(3, WAIT).get(2).id();
            a.stop();
        }
        assertThat(a.errors()).as("errors logged by A while it stopped").isEmpty();
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            b.publish(channel, "while-stopped-" + i);
            missed.add("while-stopped-" + i);
        }
        a = startInstance("a", portA);
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT, "Last-Event-ID", cursor)) {
            List<Message> replayed = onA.next(missed.size(), WAIT);
            assertThat(replayed).extracting(Message::data).containsExactlyElementsOf(missed);
            assertThat(replayed.get(0).position()).isEqualTo(4);
            b.publish(channel, "after-restart");
            assertThat(onA.next(WAIT).data()).as("the restarted A listens to the bus again").isEqualTo("after-restart");
            assertThat(onA.poll(QUIET)).as("nothing more").isNull();
        }
    }

    @Test
    void deliversWhatAProcessThatOnlyPublishesSentBeforeItExited() throws Exception {
        String channel = "batch";
        int count = 50;
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT)) {
            List<String> properties = properties("publisher");
            properties.add("publish-only.count=" + count);
            properties.add("publish-only.channel=" + channel);
            AppInstance job = AppInstance.launch(bus() + "-publish-only", jar(), 0, properties);
            others.add(job);
            assertThat(job.process.waitFor(60, TimeUnit.SECONDS)).as("the job exited; see " + job.log).isTrue();
            assertThat(job.process.exitValue()).as("exit code; see " + job.log).isZero();
            List<Message> seen = onA.next(count, WAIT);
            assertThat(seen).extracting(Message::data)
                    .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "job-" + i).toList());
            assertThat(onA.poll(QUIET)).as("nothing more").isNull();
        }
    }

    /** Ids strictly increasing, positions consecutive, and the data exactly {@code expected}, each once. */
    static void assertOnceInOrder(List<Message> seen, Set<String> expected) {
        List<String> data = seen.stream().map(Message::data).toList();
        assertThat(data).as("each event once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(data)).as("exactly the events published").isEqualTo(expected);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).position()).as("position after %s", seen.get(i - 1))
                    .isEqualTo(seen.get(i - 1).position() + 1);
        }
    }

    static Set<String> burstData(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.toSet());
    }

    /** Waits until {@code channel}'s store position, as {@code instance} reads it, reaches {@code position}. */
    static void awaitPosition(AppInstance instance, String channel, long position, CompletableFuture<?> burst)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String cursor = instance.cursor(channel);
            if (cursor.contains("~") && Long.parseLong(cursor.substring(cursor.lastIndexOf('~') + 1)) >= position) {
                return;
            }
            if (burst.isDone()) {
                burst.get();
                throw new AssertionError("The burst ended before position " + position + ": " + cursor);
            }
            // a bounded poll, not a synchronisation: the burst runs in the other process
            instance.process.waitFor(10, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(channel + " did not reach position " + position + " within " + WAIT);
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
    }
}
