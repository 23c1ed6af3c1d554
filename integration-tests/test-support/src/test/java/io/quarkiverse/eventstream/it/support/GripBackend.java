package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A backend for Pushpin made of the JDK's HTTP server: it answers each path with a reply the test chose, and records
 * every request it received.
 */
final class GripBackend implements AutoCloseable {

    /** A request as the backend received it. */
    record Request(Instant at, String method, URI uri, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(", ", values);
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(), List.of());
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(method).append(' ').append(uri);
            headers.forEach((name, values) -> values.forEach(value -> text.append("\n  ").append(name).append(": ")
                    .append(value)));
            return text.toString();
        }
    }

    /** A reply: a status, headers in order (a name may repeat) and a body. */
    record Reply(int status, List<String[]> headers, String body) {

        static Reply of(String body, String... nameValuePairs) {
            List<String[]> headers = new ArrayList<>();
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                headers.add(new String[] { nameValuePairs[i], nameValuePairs[i + 1] });
            }
            return new Reply(200, headers, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "grip-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    GripBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code "127.0.0.1:<port>"}, as a Pushpin route wants it. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /** Answers requests to {@code path} (query excluded) with what {@code reply} returns. */
    GripBackend on(String path, Function<Request, Reply> reply) {
        routes.put(path, reply);
        return this;
    }

    /** The next request the backend received, or fails after {@code timeout}. */
    Request nextRequest(Duration timeout) throws InterruptedException {
        Request request = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("No request reached the backend within " + timeout);
        }
        return request;
    }

    /** The next request to {@code path} (query excluded), skipping others, or fails after {@code timeout}. */
    Request nextRequest(String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Request request = requests.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (request == null) {
                throw new AssertionError("No request to " + path + " reached the backend within " + timeout);
            }
            if (request.uri().getPath().equals(path)) {
                return request;
            }
        }
    }

    /** The next request within {@code timeout}, or {@code null}. */
    Request pollRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        Request request = new Request(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI(), headers);
        Function<Request, Reply> route = routes.get(exchange.getRequestURI().getPath());
        Reply reply = route != null ? route.apply(request) : new Reply(404, List.of(), "not found\n");
        // recorded once its reply is chosen: a test that changes the replies after seeing a request changes the next ones
        requests.add(request);
        Map<String, List<String>> replyHeaders = new LinkedHashMap<>();
        for (String[] header : reply.headers()) {
            replyHeaders.computeIfAbsent(header[0], name -> new ArrayList<>()).add(header[1]);
        }
        replyHeaders.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
