package io.quarkiverse.eventstream.test.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, that the test stops and starts again.
 * Never touches another cluster: every {@code pg_ctl} names this one's data folder. Its location is kept in system
 * properties, so the test (in the application's class loader) and the JUnit callbacks share it.
 */
final class ThrowawayPostgres {

    static final String PORT = "eventstream.test.pg.port";
    private static final String ROOT = "eventstream.test.pg.root";
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final long COMMAND_SECONDS = 60;

    private ThrowawayPostgres() {
    }

    /** Creates the cluster with user and database {@code eventstream} (password {@code eventstream}) and starts it. */
    static void create() {
        try {
            createCluster();
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    private static void createCluster() {
        try {
            Path root = Files.createTempDirectory("eventstream-health-pg");
            System.setProperty(ROOT, root.toString());
            System.setProperty(PORT, Integer.toString(freePort()));
            run(List.of("chown", "postgres:postgres", root.toString()), false);
            Path password = root.resolve("pwfile");
            Files.writeString(password, "eventstream\n");
            run(List.of("chown", "postgres", password.toString()), false);
            run(List.of(BIN.resolve("initdb").toString(), "-D", root.resolve("data").toString(), "-U", "eventstream",
                    "--pwfile=" + password, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"), true);
            start();
            // through the cluster's own socket folder, where local connections need no password
            run(List.of(BIN.resolve("createdb").toString(), "-h", root.toString(), "-p", System.getProperty(PORT), "-U",
                    "eventstream", "eventstream"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void start() {
        Path root = root();
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-l",
                root.resolve("server.log").toString(), "-o",
                "-p " + System.getProperty(PORT) + " -c listen_addresses=127.0.0.1 -k " + root, "-w", "start"), true);
    }

    static void stop() {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", root().resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), true);
    }

    /** Stops the cluster if it runs and deletes its folder. */
    static void destroy() {
        String root = System.getProperty(ROOT);
        if (root == null) {
            return;
        }
        try {
            stop();
        } catch (RuntimeException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(Path.of(root))) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.clearProperty(ROOT);
    }

    private static Path root() {
        return Path.of(System.getProperty(ROOT));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command, as the {@code postgres} user when asked and when this process is root; at most a minute. */
    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && "root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output;
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("No end within " + COMMAND_SECONDS + " s: " + full);
            }
            output = new String(process.getInputStream().readAllBytes());
            if (process.exitValue() != 0) {
                throw new IllegalStateException(full + " failed with " + process.exitValue() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
