package io.quarkiverse.eventstream.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A packaged Quarkus application started in a JVM of its own, bound to 127.0.0.1 on a free port, ready once
 * {@code readyPath} answers 200. {@link #stop()} sends SIGTERM, then SIGKILL after 15 s.
 */
final class AppProcess {

    private final Process process;
    private final URI base;
    private final Map<String, Object> info = new LinkedHashMap<>();

    private AppProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static AppProcess start(String java, Path jar, List<String> jvmArgs, String readyPath, Duration timeout,
            Path logFile) throws Exception {
        return start(java, jar, jvmArgs, readyPath, timeout, logFile, freePort());
    }

    /** The same on a port chosen beforehand ({@link #freePort()}), e.g. one a proxy in front of it already routes to. */
    static AppProcess start(String java, Path jar, List<String> jvmArgs, String readyPath, Duration timeout,
            Path logFile, int port) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " does not exist; build it first, see benchmarks/README.md");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar",
                jar.toAbsolutePath().toString()));
        Log.log("starting " + String.join(" ", command) + " (log: " + logFile + ")");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile())
                .directory(jar.toAbsolutePath().getParent().toFile()).start();
        AppProcess app = new AppProcess(process, URI.create("http://127.0.0.1:" + port));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String tail = Proc.tail(logFile, 30);
                String hint = tail.contains("Driver does not support the provided URL")
                        ? "\nThe jar was built for another database kind (db-kind is fixed at build time); see README.md"
                        : "";
                throw new IllegalStateException("the application exited with " + process.exitValue() + "; its log "
                        + logFile + " ends with:\n" + tail + hint);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.base.resolve(readyPath))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                app.stop();
                throw new TimeoutException("the application did not answer within " + timeout.toSeconds()
                        + " s; its log " + logFile + " ends with:\n" + Proc.tail(logFile, 30));
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Log.log(String.format(Locale.ROOT, "the application (pid %d) answers after %.1f s", process.pid(), seconds));
        app.info.put("jar", jar.toAbsolutePath().toString());
        app.info.put("command", String.join(" ", command));
        app.info.put("pid", process.pid());
        app.info.put("readyAfterSeconds", Proc.round(seconds, 2));
        app.info.put("log", logFile.toString());
        return app;
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    Map<String, Object> info() {
        return info;
    }

    synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Log.log("the application stopped" + (process.isAlive() ? " (still alive after SIGKILL?)" : ""));
    }

    /** A free loopback port, as the system picks it. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
