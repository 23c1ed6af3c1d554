package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

public class EndpointChannelTemplateValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}/events")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{roomId}")
            .overrideConfigKey("quarkus.eventstream.endpoints.nochannel.path", "/plain")
            .overrideConfigKey("quarkus.eventstream.endpoints.relative.path", "relative/{channel}")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage())
                        .contains("quarkus.eventstream.endpoints.\"rooms\".channels entry room-{roomId} uses {roomId}")
                        .contains("quarkus.eventstream.endpoints.\"nochannel\".channels is not set")
                        .contains("quarkus.eventstream.endpoints.\"relative\".path must start with '/'");
            });

    @Test
    void failsTheBuildNamingEachProperty() {
        // the assertion is in assertException
    }
}
