package io.quarkiverse.eventstream.test.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A client path that an event stream endpoint serves (here {@code /events/{channel}} of the built-in endpoint) fails
 * the build, naming the property.
 */
public class ClientScriptPathValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.client.path", "/events/client.js")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("quarkus.eventstream.client.path /events/client.js is served by"
                        + " the built-in endpoint at quarkus.eventstream.path /events");
            });

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
