package io.quarkiverse.eventstream.test.grip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Streams answered for a proxy that this application never publishes to would receive no event: refused at startup,
 * with the key's own problem.
 */
public class GripWithoutProxyTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.grip.verify-key", "base64:not base64!")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains(
                        "quarkus.eventstream.grip.verify-key is not usable: the value after base64: is not valid base64",
                        "quarkus.eventstream.grip.verify-key is set but no proxy is");
            });

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on the startup failure
    }
}
