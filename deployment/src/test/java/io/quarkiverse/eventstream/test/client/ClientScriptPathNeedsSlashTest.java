package io.quarkiverse.eventstream.test.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A client path that does not start with {@code /} fails the build, naming the property.
 */
public class ClientScriptPathNeedsSlashTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room}")
            .overrideConfigKey("quarkus.eventstream.client.path", "rooms/client.js")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("quarkus.eventstream.client.path must start with '/': rooms/client.js");
            });

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
