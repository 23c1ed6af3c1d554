package io.quarkiverse.eventstream.test.client;

import static io.quarkiverse.eventstream.test.client.ClientRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * {@code quarkus.eventstream.client.enabled=false} serves no client.
 */
public class ClientScriptDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClientRequests.class))
            .overrideConfigKey("quarkus.eventstream.client.enabled", "false");

    @TestHTTPResource("/")
    URL base;

    @Test
    void servesNoClient() throws Exception {
        assertThat(send(base, "GET", "eventstream/client.js").statusCode()).isEqualTo(404);
        assertThat(send(base, "GET", "eventstream/client.d.ts").statusCode()).isEqualTo(404);
    }
}
