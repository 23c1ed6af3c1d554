package io.quarkiverse.eventstream.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The first requests an instance answers on a database it has just created its tables in: many streams opening at
 * once all need the store's epoch, whose row does not exist yet. Each opens, and the instance logs nothing above
 * {@code INFO} about it (a duplicate-key failure of a concurrent insert, handled, used to be logged at {@code WARN}
 * by Hibernate ORM and Narayana, with stack traces, once per racing request).
 */
class FreshDatabaseIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void manyFirstStreamsAtOnceOpenWithoutWarnings() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            // launched, not started: start() reads a cursor to know the instance is up, which would create the epoch
            AppInstance instance = AppInstance.launch("fresh", Path.of(System.getProperty("bus.app.grip")),
                    AppInstance.freePort(), List.of("quarkus.datasource.jdbc.url=" + database.jdbcUrl(),
                            "quarkus.datasource.username=" + database.user()));
            instance.awaitListening(Duration.ofSeconds(60));
            int streams = 32;
            ExecutorService pool = Executors.newFixedThreadPool(streams);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> opened = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    String channel = "fresh-" + i;
                    opened.add(pool.submit(() -> {
                        start.await();
                        try (MessageStream stream = MessageStream.open(instance.uri("/events/" + channel), WAIT)) {
                            return true;
                        }
                    }));
                }
                start.countDown();
                for (Future<Boolean> stream : opened) {
                    assertThat(stream.get(60, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
                instance.stop();
            }
            try (var lines = Files.lines(instance.log)) {
                assertThat(lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        // the schema update on an empty database says what it did not find
                        .filter(line -> !line.contains("does not exist, skipping")
                                && !line.contains("HHH000247: ErrorCode: 0, SQLState: 00000")))
                        .isEmpty();
            }
        }
    }
}
