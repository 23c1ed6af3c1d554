package io.quarkiverse.eventstream.it.bus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract with Redis for both the events and the bus ({@code quarkus.eventstream.store=redis},
 * {@code quarkus.eventstream.bus=redis}): a deployment whose events need nothing but Redis. (The test application keeps
 * its read permissions in PostgreSQL, as an application keeps its own data.)
 * <p>
 * Redis restarting is left out: the private server keeps nothing on disk, so a restart wipes the store itself, which
 * is a new epoch and a {@code stream-reset}, not a bus failure.
 */
class RedisOnlyIT extends RedisBusIT {

    @Override
    String bus() {
        return "redis-only";
    }

    @Override
    Path jar() {
        return Path.of(System.getProperty("bus.app.redis-only"));
    }

    @Override
    List<String> busProperties(String name) {
        List<String> properties = new ArrayList<>(super.busProperties(name));
        // the private server is this class's own, yet a prefix per run keeps its keys apart from any leftover
        properties.add("quarkus.eventstream.store.redis.key-prefix=bus-it-" + database.name);
        return properties;
    }

    @Override
    void losesAndRepeatsNothingWhenRedisRestartsDuringABurst() {
        // not a test here: see the class comment
    }
}
