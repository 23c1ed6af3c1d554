package io.quarkiverse.eventstream.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Proves {@link HAProxy}: a real HAProxy in front of a JDK HTTP server.
 */
class HAProxyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void passesRequestsOnAnswers503WhileTheBackendIsDownAndStopsOnClose() throws Exception {
        assumeTrue(HAProxy.installed(), "haproxy is not installed");
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        backend.createContext("/", exchange -> {
            byte[] body = ("backend saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        Path workDir = Files.createTempDirectory("haproxy-test");
        HAProxy haproxy = HAProxy.builder(workDir).backend("127.0.0.1:" + backend.getAddress().getPort())
                .option("http-no-delay").start();
        try {
            assertThat(Files.readString(haproxy.configFile())).contains("    option http-no-delay\n");
            HttpResponse<String> proxied = get(haproxy, "/some/path?x=1");
            assertThat(proxied.statusCode()).isEqualTo(200);
            assertThat(proxied.body()).isEqualTo("backend saw /some/path?x=1");

            backend.stop(0);
            assertThat(get(haproxy, "/again").statusCode()).isEqualTo(503);
        } finally {
            backend.stop(0);
            haproxy.close();
        }
        assertThat(haproxy.isAlive()).isFalse();
    }

    private static HttpResponse<String> get(HAProxy haproxy, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(haproxy.uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
