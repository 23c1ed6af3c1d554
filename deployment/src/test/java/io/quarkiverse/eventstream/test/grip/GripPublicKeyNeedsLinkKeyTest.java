package io.quarkiverse.eventstream.test.grip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A public key verifies the signatures of Fastly Fanout, but cannot sign the links a proxy follows to recover a stream:
 * {@code grip.link-key} must then be set.
 */
public class GripPublicKeyNeedsLinkKeyTest {

    static final String EC_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\n"
            + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnYFxHX+gbGUTKL0k45meqJSd/kYf\n"
            + "T2iMrmFtHjJ7LGNvWWynSuR4d59EAq8rzclf/Z1CbAG58VjuH46EYEA5xA==\n"
            + "-----END PUBLIC KEY-----\n";

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.eventstream.grip.verify-key", EC_PUBLIC_KEY)
            .overrideConfigKey("quarkus.eventstream.grip.proxies.fastly.control-uri",
                    "https://api.fastly.com/service/abc")
            .assertException(e -> {
                assertThat(e).isInstanceOf(ConfigurationException.class);
                assertThat(e.getMessage()).contains("quarkus.eventstream.grip.link-key must be set when"
                        + " quarkus.eventstream.grip.verify-key is a public key");
            });

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on the startup failure
    }
}
