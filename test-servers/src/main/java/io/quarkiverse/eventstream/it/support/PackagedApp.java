package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus application ({@code quarkus-run.jar}) started as a JVM of its own on a loopback port, with its
 * output in a log file: what the integration tests use to stop, kill and restart an application under test.
 */
public final class PackagedApp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private PackagedApp() {
    }

    /**
     * Starts {@code jar} with {@code properties} ({@code key=value}, passed as system properties) and
     * {@code quarkus.http.port=port}, its output going to {@code log}; does not wait for it.
     */
    public static Process launch(Path jar, int port, List<String> properties, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the application first (mvn verify)");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port));
        properties.forEach(property -> command.add("-D" + property));
        command.add("-jar");
        command.add(jar.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until a {@code GET} of {@code probe} answers {@code 200}.
     *
     * @param name the application's name in the failure message
     * @throws AssertionError if the process exits first, or after {@code timeout}; the message names {@code log}
     */
    public static void awaitOk(Process process, URI probe, Duration timeout, String name, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(name + " did not answer " + probe + " within " + timeout + "; see " + log);
    }
}
