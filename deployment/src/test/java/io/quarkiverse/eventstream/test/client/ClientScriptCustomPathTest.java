package io.quarkiverse.eventstream.test.client;

import static io.quarkiverse.eventstream.test.client.ClientRequests.resource;
import static io.quarkiverse.eventstream.test.client.ClientRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * {@code quarkus.eventstream.client.path} moves the module, below the HTTP root path; the default path is then free.
 */
public class ClientScriptCustomPathTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClientRequests.class))
            .overrideConfigKey("quarkus.http.root-path", "/app")
            .overrideConfigKey("quarkus.eventstream.client.path", "/assets/live.js");

    @TestHTTPResource("/")
    URL base;

    @Test
    void servesTheModuleAtTheConfiguredPathBelowTheRootPath() throws Exception {
        HttpResponse<byte[]> response = send(base, "GET", "/app/assets/live.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(response.body()).isEqualTo(resource("META-INF/eventstream/client.js"));
        assertThat(send(base, "GET", "/app/assets/live.d.ts").statusCode()).isEqualTo(200);
    }

    @Test
    void noLongerServesTheDefaultPath() throws Exception {
        assertThat(send(base, "GET", "/app/eventstream/client.js").statusCode()).isEqualTo(404);
        assertThat(send(base, "GET", "/assets/live.js").statusCode()).isEqualTo(404);
    }
}
