package io.quarkiverse.eventstream.it.clients;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.eventstream.it.support.PackagedApp;

/**
 * The packaged matrix application, run as a JVM of its own on a fixed loopback port, so that it can be stopped and
 * started again behind the proxies. Each start logs to a new file under the work directory.
 */
final class MatrixApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Path jar;
    private final int port;
    private final List<String> properties;
    private final Path logs;
    private Process process;
    private Path log;
    private int starts;

    MatrixApp(Path jar, int port, List<String> properties, Path logs) {
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.logs = logs;
    }

    int port() {
        return port;
    }

    /** Starts the application and waits until it answers. */
    void start() throws Exception {
        log = logs.resolve("app-" + ++starts + ".log");
        process = PackagedApp.launch(jar, port, properties, log);
        PackagedApp.awaitOk(process, uri("/matrix/requests/ready"), Duration.ofSeconds(60), "The matrix application", log);
    }

    /** SIGTERM, then waits for the exit. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Publishes {@code data} as an event of {@code type}. */
    void publish(String channel, String type, String data) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/matrix/publish/" + channel + "?type="
                + URLEncoder.encode(type, StandardCharsets.UTF_8)))
                .header("Content-Type", "text/plain; charset=utf-8").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(data, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("Publishing answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The id of "now" on {@code channel}. */
    String cursor(String channel) throws Exception {
        return get("/matrix/cursor/" + channel).body();
    }

    /** How many stream requests named {@code channel} reached the application since it started. */
    int requests(String channel) throws Exception {
        return Integer.parseInt(get("/matrix/requests/" + channel).body().trim());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
