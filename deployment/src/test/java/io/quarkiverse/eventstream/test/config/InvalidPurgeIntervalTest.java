package io.quarkiverse.eventstream.test.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code retention.purge-interval} is a duration or {@code off}; anything else stops the application at startup.
 */
public class InvalidPurgeIntervalTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.retention.purge-interval", "every five minutes")
            .assertException(e -> {
                Throwable cause = e;
                StringBuilder messages = new StringBuilder();
                while (cause != null) {
                    messages.append(cause.getMessage()).append('\n');
                    cause = cause.getCause();
                }
                assertThat(messages).contains("quarkus.eventstream.retention.purge-interval");
            });

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on the startup failure
    }
}
