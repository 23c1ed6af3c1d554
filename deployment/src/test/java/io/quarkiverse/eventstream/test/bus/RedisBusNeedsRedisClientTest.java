package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code bus=redis} without the Quarkus Redis client (not on this module's classpath) stops the build with a message
 * naming the dependency to add.
 */
public class RedisBusNeedsRedisClientTest {

    @RegisterExtension
    static final QuarkusUnitTest test = EventStreamTestApp.app()
            .overrideConfigKey("quarkus.eventstream.bus", "redis")
            .assertException(failure -> assertThat(BuildFailures.messages(failure))
                    .contains("quarkus.eventstream.bus=redis")
                    .contains("io.quarkus:quarkus-redis-client"));

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
