package io.quarkiverse.eventstream.test.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The endpoints live under the Quarkus REST root path: a client path that a configured endpoint's template matches there
 * fails the build, naming both properties.
 */
public class ClientScriptPathUnderEndpointTemplateTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.rest.path", "/api")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}/events")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room}")
            .overrideConfigKey("quarkus.eventstream.client.path", "/api/rooms/client.js/events")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("quarkus.eventstream.client.path /api/rooms/client.js/events is served"
                        + " by quarkus.eventstream.endpoints.\"rooms\".path /rooms/{room}/events");
            });

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
