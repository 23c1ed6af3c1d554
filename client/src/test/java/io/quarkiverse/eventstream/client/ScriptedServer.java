package io.quarkiverse.eventstream.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A real Vert.x HTTP server on a free loopback port that answers each request with the next response of a script,
 * written as hand-made bytes, and records what the client sent. When the script is exhausted it holds a silent stream
 * open.
 */
final class ScriptedServer implements AutoCloseable {

    /** The pause between two written chunks, so that they leave as separate TCP segments (pacing, not a sync). */
    private static final long PACE_MILLIS = 15;

    final Vertx vertx = Vertx.vertx();
    final List<MultiMap> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger openConnections = new AtomicInteger();
    final AtomicInteger closedConnections = new AtomicInteger();
    private final Queue<Consumer<HttpServerRequest>> script = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    @SafeVarargs
    ScriptedServer(Consumer<HttpServerRequest>... responses) throws Exception {
        script.addAll(List.of(responses));
        server = vertx.createHttpServer()
                .connectionHandler(connection -> {
                    openConnections.incrementAndGet();
                    connection.closeHandler(v -> closedConnections.incrementAndGet());
                })
                .requestHandler(request -> {
                    requests.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
                    Consumer<HttpServerRequest> next = script.poll();
                    (next == null ? hold() : next).accept(request);
                });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/events");
    }

    /** The header {@code name} of request number {@code index} (from 0). */
    String header(int index, String name) {
        return requests.get(index).get(name);
    }

    /** A 200 event stream that writes {@code chunks} (ISO-8859-1 strings stand for raw bytes) and ends. */
    static Consumer<HttpServerRequest> streamBytes(boolean end, byte[]... chunks) {
        return request -> {
            HttpServerResponse response = eventStream(request);
            writePaced(io.vertx.core.Vertx.currentContext().owner(), response, chunks, 0, end);
        };
    }

    /** A 200 event stream that writes the UTF-8 bytes of {@code chunks}, one write each, and ends. */
    static Consumer<HttpServerRequest> stream(String... chunks) {
        return streamBytes(true, utf8(chunks));
    }

    /** A 200 event stream that writes {@code chunks} and stays open. */
    static Consumer<HttpServerRequest> streamAndHold(String... chunks) {
        return streamBytes(false, utf8(chunks));
    }

    /** A response with {@code status}, content type and body, ended at once. */
    static Consumer<HttpServerRequest> status(int status, String contentType, String body) {
        return request -> request.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }

    static Consumer<HttpServerRequest> hold() {
        return request -> eventStream(request).write(":\n\n");
    }

    static byte[][] utf8(String... chunks) {
        byte[][] bytes = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            bytes[i] = chunks[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static HttpServerResponse eventStream(HttpServerRequest request) {
        return request.response().setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8");
    }

    private static void writePaced(Vertx vertx, HttpServerResponse response, byte[][] chunks, int index,
            boolean end) {
        if (response.closed()) {
            return;
        }
        if (index == chunks.length) {
            if (end) {
                response.end();
            }
            return;
        }
        response.write(Buffer.buffer(chunks[index]));
        vertx.setTimer(PACE_MILLIS, t -> writePaced(vertx, response, chunks, index + 1, end));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
