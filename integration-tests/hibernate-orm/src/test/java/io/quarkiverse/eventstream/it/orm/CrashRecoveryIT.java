package io.quarkiverse.eventstream.it.orm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;

/**
 * Kills the packaged application with SIGKILL while clients are away, restarts it on the same database, and checks
 * that reconnecting clients get every event whose publish had returned, once and in order.
 */
class CrashRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopApplications() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void losesNothingAcrossAKillDashNine() throws Exception {
        int port = freePort();
        Process first = start(port, "drop-and-create");
        String seen;
        try (LineStream stream = LineStream.open(URI.create("http://127.0.0.1:" + port + "/events/crash"))) {
            stream.nextBlock(WAIT);
            for (int i = 1; i <= 2; i++) {
                publish(port, "before-" + i);
                assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: before-" + i);
            }
            seen = stream.lastId();
        }
        // the client is away; every publish below has returned when the process dies
        for (int i = 1; i <= 50; i++) {
            publish(port, "missed-" + i);
        }
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);

        start(port, "none");
        try (LineStream stream = LineStream.open(URI.create("http://127.0.0.1:" + port + "/events/crash"),
                "Last-Event-ID", seen)) {
            stream.nextBlock(WAIT);
            for (int i = 1; i <= 50; i++) {
                assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: missed-" + i);
            }
            publish(port, "after-restart");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: after-restart");
            assertThat(stream.lastId()).endsWith("~53");
        }
    }

    @Test
    void endsOpenStreamsWithAShutdownErrorOnSigterm() throws Exception {
        int port = freePort();
        Process app = start(port, "drop-and-create");
        try (LineStream stream = LineStream.open(URI.create("http://127.0.0.1:" + port + "/events/closing"))) {
            stream.nextBlock(WAIT);
            // Process.destroy sends SIGTERM: a graceful stop
            app.destroy();
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-error",
                    "data: {\"condition\":\"shutdown\",\"message\":\"The server is shutting down\",\"channels\":[\"closing\"]}");
            assertThat(stream.awaitEnd(WAIT)).isTrue();
        }
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Process start(int port, String schemaStrategy) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + System.getProperty("crash.db.url"),
                "-Dquarkus.datasource.username=" + System.getProperty("crash.db.user"),
                "-Dquarkus.hibernate-orm.schema-management.strategy=" + schemaStrategy,
                "-jar", System.getProperty("app.jar"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(Path.of(System.getProperty("app.jar")).getParent().getParent()
                .resolve("crash-app-" + processes.size() + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The application exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/test/cursor?channel=crash"))
                                .timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("The application did not start within 60 s");
    }

    private void publish(int port, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/test/publish/crash"))
                .header("Content-Type", "text/plain").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
