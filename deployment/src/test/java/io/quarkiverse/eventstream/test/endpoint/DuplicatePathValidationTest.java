package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

public class DuplicatePathValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.path", "/events/{x}")
            .overrideConfigKey("quarkus.eventstream.endpoints.a.path", "/a/{channel}")
            .overrideConfigKey("quarkus.eventstream.endpoints.b.path", "/a/{other}")
            .overrideConfigKey("quarkus.eventstream.endpoints.b.channels", "b-{other}")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("quarkus.eventstream.path must not contain {templates}")
                        .contains("is already used by quarkus.eventstream.endpoints.");
            });

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
