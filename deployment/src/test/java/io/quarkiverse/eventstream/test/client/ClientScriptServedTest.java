package io.quarkiverse.eventstream.test.client;

import static io.quarkiverse.eventstream.test.client.ClientRequests.resource;
import static io.quarkiverse.eventstream.test.client.ClientRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The browser client is served at {@code /eventstream/client.js} by default, as a cacheable public module script.
 */
public class ClientScriptServedTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClientRequests.class));

    @TestHTTPResource("/")
    URL base;

    @Test
    void servesTheModuleWithCacheAndCorsHeaders() throws Exception {
        HttpResponse<byte[]> response = send(base, "GET", "eventstream/client.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[^\"]+\""));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("export class EventStream ");
    }

    @Test
    void servesTheBytesOfTheFileInTheRuntimeJar() throws Exception {
        HttpResponse<byte[]> response = send(base, "GET", "eventstream/client.js");

        assertThat(response.body()).isEqualTo(resource("META-INF/eventstream/client.js"));
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
    }

    @Test
    void answersNotModifiedToTheCurrentEtag() throws Exception {
        String etag = send(base, "GET", "eventstream/client.js").headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> same = send(base, "GET", "eventstream/client.js", "If-None-Match", etag);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.headers().firstValue("ETag")).hasValue(etag);

        HttpResponse<byte[]> other = send(base, "GET", "eventstream/client.js", "If-None-Match", "\"older\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isNotEmpty();
    }

    @Test
    void answersHeadWithoutBodyAndRefusesOtherMethods() throws Exception {
        HttpResponse<byte[]> head = send(base, "HEAD", "eventstream/client.js");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length"))
                .hasValue(resource("META-INF/eventstream/client.js").length);

        HttpResponse<byte[]> post = send(base, "POST", "eventstream/client.js");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void servesTheTypeDeclarationsBesideTheModule() throws Exception {
        HttpResponse<byte[]> response = send(base, "GET", "eventstream/client.d.ts");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(resource("META-INF/eventstream/client.d.ts"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("export declare class EventStream ");
    }
}
