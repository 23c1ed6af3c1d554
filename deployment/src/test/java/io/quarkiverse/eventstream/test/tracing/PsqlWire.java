package io.quarkiverse.eventstream.test.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code LISTEN} and {@code NOTIFY} on the PostgreSQL server of 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}) through the {@code psql} command, so that a test stands for another instance on the postgres bus
 * without a PostgreSQL driver on its compile classpath.
 */
final class PsqlWire {

    private static final List<String> PSQL = List.of("psql", "-X", "-q", "-t", "-h", "127.0.0.1", "-p", "5432", "-U",
            "postgres", "-d", "test");
    private static final String PAYLOAD = " with payload \"";
    private static final String FROM = "\" received from server process";

    private PsqlWire() {
    }

    /** Sends {@code payload} on {@code channel}; waits at most {@code timeout} for psql. */
    static void notify(String channel, String payload, Duration timeout) throws Exception {
        List<String> command = new java.util.ArrayList<>(PSQL);
        command.addAll(List.of("-v", "ON_ERROR_STOP=1", "-v", "channel=" + channel, "-v", "payload=" + payload));
        Process psql = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = psql.getOutputStream()) {
            in.write("SELECT pg_notify(:'channel', :'payload');\n".getBytes(StandardCharsets.UTF_8));
        }
        if (!psql.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            psql.destroy();
            throw new AssertionError("psql did not send the notification within " + timeout);
        }
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (psql.exitValue() != 0) {
            throw new AssertionError("psql failed: " + output);
        }
    }

    /** A psql session listening on a channel; it polls for notifications until closed, for a minute at most. */
    static final class Listener implements AutoCloseable {
        private final Process psql;
        private final StringBuilder output = new StringBuilder();

        Listener(String channel) throws IOException {
            List<String> command = new java.util.ArrayList<>(PSQL);
            command.addAll(List.of("-v", "channel=" + channel));
            psql = new ProcessBuilder(command).redirectErrorStream(true).start();
            // psql prints the notifications that arrived after each statement: many short ones
            String script = "LISTEN :\"channel\";\n\\echo listening\n" + "SELECT pg_sleep(0.1);\n".repeat(600);
            try (OutputStream in = psql.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            Thread reader = new Thread(this::read, "psql-listener");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (InputStream out = psql.getInputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = out.read(buffer)) > 0) {
                    synchronized (output) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        boolean listening() {
            synchronized (output) {
                return output.indexOf("listening") >= 0;
            }
        }

        /** @return the payload of the first notification received, or {@code null} */
        String firstPayload() {
            synchronized (output) {
                int start = output.indexOf(PAYLOAD);
                int end = start < 0 ? -1 : output.indexOf(FROM, start);
                return end < 0 ? null : output.substring(start + PAYLOAD.length(), end);
            }
        }

        @Override
        public void close() {
            psql.destroy();
        }
    }
}
