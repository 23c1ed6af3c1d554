package io.quarkiverse.eventstream.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small HTTP/1.1 client over a plain socket that keeps the exact bytes of an event stream, so tests can assert on
 * the wire format and close the connection abruptly.
 */
public final class SseTestClient implements AutoCloseable {

    /** One event block as received: its raw text (with the blank line) and its parsed fields. */
    public record Block(String raw, String id, String type, String data, List<String> comments) {
        public boolean isComment() {
            return type == null && data == null && id == null;
        }

        /** The raw text without its leading {@code id:} line, for assertions on framing. */
        public String rawWithoutId() {
            return raw.startsWith("id: ") ? raw.substring(raw.indexOf('\n') + 1) : raw;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, List<String>> headers;
    private final boolean chunked;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int consumed;
    private boolean ended;
    private boolean paused;
    private final Thread reader;

    private SseTestClient(Socket socket, InputStream in, int status, Map<String, List<String>> headers,
            boolean paused) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.headers = headers;
        this.paused = paused;
        this.chunked = "chunked".equalsIgnoreCase(header("transfer-encoding"));
        this.reader = new Thread(this::readBody, "sse-test-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static SseTestClient get(URL base, String pathAndQuery, String... headerPairs) throws IOException {
        return request("GET", base, pathAndQuery, headerPairs);
    }

    public static SseTestClient request(String method, URL base, String pathAndQuery, String... headerPairs)
            throws IOException {
        return open(method, base, pathAndQuery, false, headerPairs);
    }

    /**
     * A client that reads the head, then nothing until {@link #resumeReading()}, through a small receive buffer: the
     * server soon finds the connection full, as with a client that stalls.
     */
    public static SseTestClient stalled(URL base, String pathAndQuery, String... headerPairs) throws IOException {
        return open("GET", base, pathAndQuery, true, headerPairs);
    }

    /** Starts reading the body of a {@link #stalled} client. */
    public void resumeReading() {
        lock.lock();
        try {
            paused = false;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends {@code GET pathAndQuery} and reads nothing: the caller closes the socket, as a client that leaves before the
     * answer.
     */
    public static Socket send(URL base, String pathAndQuery, String... headerPairs) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        writeRequest(socket, "GET", base, pathAndQuery, headerPairs);
        return socket;
    }

    private static SseTestClient open(String method, URL base, String pathAndQuery, boolean stalled,
            String... headerPairs) throws IOException {
        Socket socket = new Socket();
        if (stalled) {
            socket.setReceiveBufferSize(8 * 1024);
        }
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.setSoTimeout(10_000);
        writeRequest(socket, method, base, pathAndQuery, headerPairs);
        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("No response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        // the body is read by a thread of its own and every wait on it is bounded by the test: a stream that stays
        // silent for a while (the client consumes slower than the server wrote) has not ended
        socket.setSoTimeout(0);
        return new SseTestClient(socket, in, status, headers, stalled);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The whole body, for a response that ends (errors). */
    public String body(Duration timeout) throws InterruptedException {
        awaitEnd(timeout);
        lock.lock();
        try {
            return received.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /** Everything received so far, decoded. */
    public String received() {
        lock.lock();
        try {
            return received.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next block (event or comment), or fails after {@code timeout}. A comment line at the start of a block is a
     * block of its own: keep-alives and padding are comment lines with no blank line after them.
     */
    public Block next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                String text = received.toString(StandardCharsets.UTF_8);
                int lineEnd = text.indexOf('\n', consumed);
                if (lineEnd >= 0 && text.startsWith(":", consumed)) {
                    String raw = text.substring(consumed, lineEnd + 1);
                    consumed = lineEnd + 1;
                    return parse(raw);
                }
                int end = text.indexOf("\n\n", consumed);
                if (end >= 0) {
                    String raw = text.substring(consumed, end + 2);
                    consumed = end + 2;
                    return parse(raw);
                }
                if (ended) {
                    throw new AssertionError("Stream ended; unparsed rest: " + text.substring(consumed));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No event within " + timeout + "; received: " + text);
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next block that is not a comment. */
    public Block nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Block block = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!block.isComment()) {
                return block;
            }
        }
    }

    /** Waits until the server ends the response. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Response did not end within " + timeout);
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static Block parse(String raw) {
        String id = null;
        String type = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        String lines = raw.substring(0, raw.length() - (raw.endsWith("\n\n") ? 2 : 1));
        for (String line : lines.split("\n", -1)) {
            if (line.startsWith(":")) {
                comments.add(line.substring(1));
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                }
            }
        }
        return new Block(raw, id, type, data == null ? null : data.toString(), comments);
    }

    private void readBody() {
        try {
            awaitResume();
            if (chunked) {
                String sizeLine;
                while ((sizeLine = readLine(in)) != null) {
                    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    byte[] chunk = in.readNBytes(size);
                    readLine(in);
                    append(chunk);
                }
            } else if (header("content-length") != null) {
                append(in.readNBytes(Integer.parseInt(header("content-length"))));
            } else {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    append(java.util.Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // closed by the test or the server
        } finally {
            lock.lock();
            try {
                ended = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void awaitResume() throws InterruptedException {
        lock.lock();
        try {
            while (paused) {
                // bounded by the test: it resumes, or closes the socket and ends the thread's reads
                if (!arrived.await(60, TimeUnit.SECONDS)) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void append(byte[] bytes) {
        lock.lock();
        try {
            received.write(bytes, 0, bytes.length);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void writeRequest(Socket socket, String method, URL base, String pathAndQuery,
            String... headerPairs) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

}
