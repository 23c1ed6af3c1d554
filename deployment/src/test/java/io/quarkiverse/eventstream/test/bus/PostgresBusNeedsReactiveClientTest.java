package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code bus=postgres} without the reactive PostgreSQL client (not on this module's classpath) stops the build with a
 * message naming the dependency to add.
 */
public class PostgresBusNeedsReactiveClientTest {

    @RegisterExtension
    static final QuarkusUnitTest test = EventStreamTestApp.app()
            .overrideConfigKey("quarkus.eventstream.bus", "postgres")
            .assertException(failure -> assertThat(BuildFailures.messages(failure))
                    .contains("quarkus.eventstream.bus=postgres")
                    .contains("io.quarkus:quarkus-reactive-pg-client"));

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
