package io.quarkiverse.eventstream.it.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.eventstream.it.support.PackagedApp;

/**
 * The packaged demo application ({@code target/quarkus-app/quarkus-run.jar}) as a JVM of its own on a fixed loopback
 * port, with its H2 file database under a work directory, so that a test can kill it, stop it and start it again on
 * the same port and the same data. Each run's output goes to a log file of its own in the work directory.
 */
final class DemoApp implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path jar;
    private final Path workDir;
    private final int port;
    private Process process;
    private int runs;

    private DemoApp(Path jar, Path workDir, int port) {
        this.jar = jar;
        this.workDir = workDir;
        this.port = port;
    }

    /** An application on a free port with a fresh database under {@code workDir}, not started yet. */
    static DemoApp create(Path jar, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        try (ServerSocket socket = new ServerSocket(0)) {
            return new DemoApp(jar, workDir, socket.getLocalPort());
        }
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Starts the application and waits until it serves the chat history (so its database is up). */
    synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        Path log = workDir.resolve("app-" + ++runs + ".log");
        process = PackagedApp.launch(jar, port, List.of("quarkus.http.host=127.0.0.1",
                "quarkus.datasource.jdbc.url=jdbc:h2:file:" + workDir.toAbsolutePath().resolve("db").resolve("events")
                        + ";WRITE_DELAY=0",
                "demo.clock.interval=1s"), log);
        PackagedApp.awaitOk(process, uri("/demo/messages"), START_TIMEOUT, "The demo", log);
    }

    /** SIGTERM (a graceful shutdown: streams get {@code stream-error} {@code shutdown}), then waits for the exit. */
    synchronized void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("The demo did not stop within " + STOP_TIMEOUT + " of SIGTERM");
        }
    }

    /** SIGKILL: the JVM ends at once, streams are cut without a word. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The demo did not end within " + STOP_TIMEOUT + " of SIGKILL");
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
