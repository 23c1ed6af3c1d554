package io.quarkiverse.eventstream.test.grip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * GRIP settings the extension cannot use stop the application at startup, each named.
 */
public class InvalidGripConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.grip.verify-key", "pushpin-secret")
            .overrideConfigKey("quarkus.eventstream.grip.link-key", "short")
            .overrideConfigKey("quarkus.eventstream.grip.proxies.a.control-uri", "ftp://127.0.0.1:5561")
            .overrideConfigKey("quarkus.eventstream.grip.proxies.b.control-uri", "http://127.0.0.1:5561")
            .overrideConfigKey("quarkus.eventstream.grip.proxies.b.control-issuer", "app")
            .overrideConfigKey("quarkus.eventstream.grip.channel-prefix", "my app;")
            .overrideConfigKey("quarkus.eventstream.grip.recovery-interval", "0.5S")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("Invalid event stream configuration",
                        "quarkus.eventstream.grip.link-key must be at least 32 bytes long: it is 5",
                        "quarkus.eventstream.grip.proxies.\"a\".control-uri must be an http or https URI: ftp://",
                        "quarkus.eventstream.grip.proxies.\"b\".control-issuer is set without control-key",
                        "quarkus.eventstream.grip.channel-prefix may hold letters, digits",
                        "quarkus.eventstream.grip.recovery-interval must be at least 1S");
            });

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on the startup failure
    }
}
