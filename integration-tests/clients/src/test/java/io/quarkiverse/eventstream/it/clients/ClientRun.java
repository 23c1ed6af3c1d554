package io.quarkiverse.eventstream.it.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client program running on one stream, and what it printed, each line stamped with the time the driver read it.
 */
final class ClientRun implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of a client program. */
    record Observation(String t, String type, String id, String data, Integer status, String message, long nanos) {

        boolean isEvent() {
            return "event".equals(t);
        }

        boolean isEvent(String eventType) {
            return isEvent() && eventType.equals(type);
        }
    }

    private final Process process;
    private final List<Observation> observations = new ArrayList<>();
    private final Path log;
    private String version = "?";

    private ClientRun(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::read, "client-run-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code program} on {@code url}, reporting {@code types}; its errors go to {@code log}. */
    static ClientRun start(ClientProgram program, String url, List<String> types, Map<String, String> environment,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(program.command());
        command.add(url);
        command.add(String.join(",", types));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ClientProgram.programs().toFile())
                .redirectError(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(program.environment());
        return new ClientRun(builder.start(), log);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long now = System.nanoTime();
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if ("client".equals(text(node, "t"))) {
                    version = text(node, "version");
                }
                Observation observation = new Observation(text(node, "t"), text(node, "type"), text(node, "id"),
                        text(node, "data"), node.hasNonNull("status") ? node.get("status").asInt() : null,
                        text(node, "message"), now);
                synchronized (this) {
                    observations.add(observation);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** The version the program reported, {@code ?} until it did. */
    String version() {
        return version;
    }

    /** Everything printed so far. */
    synchronized List<Observation> observations() {
        return List.copyOf(observations);
    }

    /** What was printed from index {@code from} on. */
    synchronized List<Observation> since(int from) {
        return List.copyOf(observations.subList(Math.min(from, observations.size()), observations.size()));
    }

    /** How many lines so far: a mark for {@link #since(int)} and {@link #await(int, Predicate, Duration)}. */
    synchronized int mark() {
        return observations.size();
    }

    /** The first observation from index {@code from} on that matches, waiting at most {@code timeout}; or null. */
    synchronized Observation await(int from, Predicate<Observation> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int index = from;
        while (true) {
            for (; index < observations.size(); index++) {
                if (match.test(observations.get(index))) {
                    return observations.get(index);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && index >= observations.size())) {
                return null;
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
    }

    /** The first event with {@code data} from index {@code from} on, waiting at most {@code timeout}; or null. */
    Observation awaitData(int from, String data, Duration timeout) throws InterruptedException {
        return await(from, o -> o.isEvent() && data.equals(o.data()), timeout);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Stops the program: SIGTERM, then forcibly after a bound. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "ClientRun[pid=" + process.pid() + ", errors in " + log + "]";
    }
}
