package io.quarkiverse.eventstream.it.bus;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.eventstream.it.support.PackagedApp;

/**
 * One packaged instance of the test application, started as a JVM of its own on a loopback port, its output in a log
 * file under {@code target/bus-logs}.
 */
final class AppInstance {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final Process process;
    final Path log;

    private AppInstance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the application in {@code jar} with {@code properties} ({@code key=value}), without waiting.
     */
    static AppInstance launch(String name, Path jar, int port, List<String> properties) throws IOException {
        Path logs = Path.of(System.getProperty("bus.logs", "target/bus-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        for (int i = 1; Files.exists(log); i++) {
            log = logs.resolve(name + "-" + i + ".log");
        }
        return new AppInstance(name, port, PackagedApp.launch(jar, port, properties, log), log);
    }

    /**
     * Starts the application and waits until it answers HTTP.
     */
    static AppInstance start(String name, Path jar, int port, List<String> properties) throws Exception {
        AppInstance instance = launch(name, jar, port, properties);
        instance.awaitReady(Duration.ofSeconds(60));
        return instance;
    }

    private void awaitReady(Duration timeout) throws Exception {
        PackagedApp.awaitOk(process, uri("/test/cursor?channel=ready"), timeout, name, log);
    }

    /**
     * Waits until the instance answers HTTP at all (a path nothing serves), without touching the extension.
     */
    void awaitListening(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HTTP.send(HttpRequest.newBuilder(uri("/not-served")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(name + " did not listen within " + timeout + "; see " + log);
    }

    boolean alive() {
        return process.isAlive();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Publishes {@code data} to {@code channel}; returns its position. */
    long publish(String channel, String data) throws Exception {
        return Long.parseLong(post("/test/publish/" + channel, data, Duration.ofSeconds(10)));
    }

    /** Publishes {@code count} events {@code 0..count-1} from {@code threads} threads, in the background. */
    CompletableFuture<String> burst(String channel, int count, int threads) {
        HttpRequest request = HttpRequest
                .newBuilder(uri("/test/burst/" + channel + "?count=" + count + "&threads=" + threads))
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Burst on " + name + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        });
    }

    /** The cursor of "now" on {@code channel}. */
    String cursor(String channel) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/test/cursor?channel=" + channel))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        check(response);
        return response.body();
    }

    String post(String path, String body, Duration timeout) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "text/plain").timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        check(response);
        return response.body();
    }

    /** The status of a stream request that is expected to be refused before it starts. */
    int streamStatus(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<Void> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    private void check(HttpResponse<String> response) {
        if (response.statusCode() != 200 && response.statusCode() != 204) {
            throw new AssertionError(name + " answered " + response.statusCode() + " to " + response.uri() + ": "
                    + response.body() + "; see " + log);
        }
    }

    /** SIGTERM, then waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 30 s of SIGTERM");
        }
    }

    /** The lines of the log at level {@code ERROR}. */
    List<String> errors() throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" ERROR [")).toList();
        }
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", log " + log + ")";
    }
}
