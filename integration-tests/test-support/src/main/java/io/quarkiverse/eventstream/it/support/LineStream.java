package io.quarkiverse.eventstream.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An event stream read with the JDK's {@link HttpClient}, line by line, as an SSE client library would.
 */
public final class LineStream implements AutoCloseable {

    private static final String END = "\u0000end";

    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean endedCleanly;
    private final HttpResponse<Stream<String>> response;

    private LineStream(URI uri, String... headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        // completes when the head arrives; the body is read by a daemon thread
        this.response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
                endedCleanly = true;
            } catch (RuntimeException e) {
                // closed by the test, or the connection broke before the response ended
            } finally {
                lines.add(END);
            }
        }, "line-stream");
        reader.setDaemon(true);
        reader.start();
    }

    public static LineStream open(URI uri, String... headers) throws Exception {
        return new LineStream(uri, headers);
    }

    public HttpResponse<Stream<String>> response() {
        return response;
    }

    private volatile String lastId;

    /** The {@code id:} of the last block read that had one. */
    public String lastId() {
        return lastId;
    }

    /**
     * The lines of the next block, without its {@code id:} line and the blank line that ends it. A comment line that
     * starts a block (a keep-alive, which has no blank line after it) is a block of its own.
     */
    public List<String> nextBlock(Duration timeout) throws InterruptedException {
        return readBlock(null, timeout);
    }

    private List<String> readBlock(String first, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> block = new ArrayList<>();
        String line = first;
        while (true) {
            if (line == null) {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (line == null) {
                throw new AssertionError("No complete block within " + timeout + "; got " + block);
            }
            if (line.equals(END)) {
                throw new AssertionError("Stream ended; got " + block);
            }
            if (line.isEmpty()) {
                return block;
            }
            if (block.isEmpty() && line.startsWith(":")) {
                return List.of(line);
            }
            if (line.startsWith("id: ")) {
                lastId = line.substring(4);
            } else {
                block.add(line);
            }
            line = null;
        }
    }

    /**
     * Waits at most {@code timeout} for a block and returns it, or {@code null} if none arrived: for asserting that
     * nothing is delivered.
     */
    public List<String> pollBlock(Duration timeout) throws InterruptedException {
        String first = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return first == null ? null : readBlock(first, timeout);
    }

    /**
     * Waits for the server to end the response, skipping nothing: fails if another block arrives first.
     *
     * @return {@code true} once the response ended cleanly
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new AssertionError("The response did not end within " + timeout);
        }
        if (!line.equals(END)) {
            throw new AssertionError("Expected the end of the response, got " + line);
        }
        return endedCleanly;
    }

    /** The next block whose {@code event:} field is {@code type}. */
    public List<String> nextOfType(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> block = nextBlock(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (block.contains("event: " + type)) {
                return block;
            }
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
