package io.quarkiverse.eventstream.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code bus=postgres} with the default memory store stops the build: each instance would number a channel's events
 * on its own. Here rather than in the deployment module because the bus's client check comes first, and only this
 * module has the reactive PostgreSQL client.
 */
class PostgresBusNeedsSharedStoreTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.bus", "postgres")
            .overrideConfigKey("quarkus.eventstream.store", "memory")
            // the test archive has no application.properties: no Dev Services (no Docker here) to fail first
            .overrideConfigKey("quarkus.datasource.db-kind", "postgresql")
            .overrideConfigKey("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test")
            .overrideConfigKey("quarkus.datasource.devservices.enabled", "false")
            .overrideConfigKey("quarkus.redis.hosts", "redis://127.0.0.1:6379")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .assertException(failure -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    messages.append(cause.getMessage()).append('\n');
                }
                assertThat(messages).contains("quarkus.eventstream.bus=postgres")
                        .contains("needs a store that every instance shares")
                        .contains("quarkus.eventstream.store=hibernate-orm");
            });

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
