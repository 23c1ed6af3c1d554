package io.quarkiverse.eventstream.test.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Values the extension cannot use stop the application at startup, every one named, none clamped or ignored.
 */
public class InvalidRuntimeConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.max-channels", "0")
            .overrideConfigKey("quarkus.eventstream.max-queued-events", "0")
            .overrideConfigKey("quarkus.eventstream.max-streams-per-identity", "0")
            .overrideConfigKey("quarkus.eventstream.padding", "-1")
            .overrideConfigKey("quarkus.eventstream.retry", "-1s")
            .overrideConfigKey("quarkus.eventstream.replay.page-size", "0")
            .overrideConfigKey("quarkus.eventstream.replay.cache-size", "-1")
            .overrideConfigKey("quarkus.eventstream.retention.max-age", "0s")
            .overrideConfigKey("quarkus.eventstream.retention.purge-batch-size", "0")
            .overrideConfigKey("quarkus.eventstream.store.read-threads", "0")
            .overrideConfigKey("quarkus.eventstream.store.memory.max-events-per-channel", "0")
            .overrideConfigKey("quarkus.eventstream.keep-alive.interval", "-5s")
            .overrideConfigKey("quarkus.eventstream.cors.origins", "https://app.example.com/,*")
            .overrideConfigKey("quarkus.eventstream.cors.headers", "X Bad")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("Invalid event stream configuration",
                        "quarkus.eventstream.max-channels must be at least 1: 0",
                        "quarkus.eventstream.max-queued-events must be at least 1: 0",
                        "quarkus.eventstream.max-streams-per-identity must be at least 1: 0",
                        "quarkus.eventstream.padding must be between 0 and 65536: -1",
                        "quarkus.eventstream.retry must not be negative",
                        "quarkus.eventstream.replay.page-size must be at least 1: 0",
                        "quarkus.eventstream.replay.cache-size must be at least 0: -1",
                        "quarkus.eventstream.retention.max-age must be longer than zero",
                        "quarkus.eventstream.retention.purge-batch-size must be at least 1: 0",
                        "quarkus.eventstream.store.read-threads must be at least 1: 0",
                        "quarkus.eventstream.store.memory.max-events-per-channel must be at least 1: 0",
                        "quarkus.eventstream.keep-alive.interval must not be negative",
                        "quarkus.eventstream.cors.origins entry 'https://app.example.com/' is not an origin",
                        "quarkus.eventstream.cors.headers entry 'X Bad' is not a header name");
                assertThat(e.getMessage()).doesNotContain("entry '*'");
            });

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on the startup failure
    }
}
