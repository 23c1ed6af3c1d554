package io.quarkiverse.eventstream.test.health;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own, without persistence, on a free port. Its port and pid are kept in system
 * properties, so the test (in the application's class loader) and the JUnit callbacks share it; only that pid is ever
 * stopped.
 */
final class ThrowawayRedis {

    static final String PORT = "eventstream.test.redis.port";
    private static final String PID = "eventstream.test.redis.pid";

    private ThrowawayRedis() {
    }

    /** Picks a port and starts the server there. */
    static void create() {
        try (ServerSocket socket = new ServerSocket(0)) {
            System.setProperty(PORT, Integer.toString(socket.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** Starts the server on its port and waits, at most 10 s, until it accepts connections. */
    static void start() {
        String port = System.getProperty(PORT);
        try {
            Process process = new ProcessBuilder("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--daemonize", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(new File("target/redis-" + port + ".log"))).start();
            System.setProperty(PID, Long.toString(process.pid()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 1_000);
                    return;
                } catch (IOException notYet) {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                }
            }
            throw new IllegalStateException("redis-server on port " + port + " did not start within 10 s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server (SIGKILL, like a crash) and waits, at most 10 s, until it is gone. */
    static void stop() {
        Optional<ProcessHandle> server = Optional.ofNullable(System.getProperty(PID)).map(Long::parseLong)
                .flatMap(ProcessHandle::of);
        server.ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        });
        System.clearProperty(PID);
    }
}
