package io.quarkiverse.eventstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * This application has no Redis client: choosing the redis store must fail the build and say what to add.
 */
public class RedisStoreWithoutRedisClientTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.store", "redis")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("quarkus.eventstream.store=redis")
                        .contains("io.quarkus:quarkus-redis-client");
            });

    @Test
    void failsTheBuildNamingTheDependency() {
        // the assertion is in assertException
    }
}
