package io.quarkiverse.eventstream.it.bus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of this test class only, without persistence, so that the tests may kill its clients and
 * restart it without touching the Redis server other tests share.
 */
final class PrivateRedis implements AutoCloseable {

    final int port;
    private Process process;

    private PrivateRedis(int port) {
        this.port = port;
    }

    static PrivateRedis start() throws Exception {
        PrivateRedis redis = new PrivateRedis(AppInstance.freePort());
        redis.launch();
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private void launch() throws Exception {
        Path logs = Path.of(System.getProperty("bus.logs", "target/bus-logs"));
        Files.createDirectories(logs);
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("redis-" + port + ".log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited with " + process.exitValue());
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("redis-server did not answer within 10 s");
    }

    /** Sends one command and returns the first line of the reply. */
    String command(String... arguments) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(argument).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }

    /** Kills the server (SIGKILL) and starts it again on the same port, empty. */
    void crash() throws Exception {
        kill();
    }

    void restart() throws Exception {
        launch();
    }

    private void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
