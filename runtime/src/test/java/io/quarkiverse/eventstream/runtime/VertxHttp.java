package io.quarkiverse.eventstream.runtime;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * A real Vert.x HTTP server and client on loopback for the runtime's tests: each request is handed to the test's
 * handler on the connection's event loop, and the client keeps every byte of the body.
 */
public final class VertxHttp implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private volatile Consumer<HttpServerRequest> handler = request -> request.response().setStatusCode(404).end();

    public VertxHttp() throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> handler.accept(request))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code action} on {@code loop}, where a stream lives.
     *
     * @return completed when it ran, or with what it threw
     */
    public static CompletableFuture<Void> runOn(EventLoop loop, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** What the server does with the next requests; runs on the connection's event loop. */
    public void onRequest(Consumer<HttpServerRequest> handler) {
        this.handler = handler;
    }

    /** Sends {@code GET path} over HTTP/1.1, or HTTP/2 without TLS (prior knowledge). */
    public Body get(String path, boolean http2) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1).setHttp2ClearTextUpgrade(false));
        Body body = new Body(client);
        HttpClientResponse response = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
                .compose(request -> request.send()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        body.response = response;
        response.handler(body.chunks::add);
        response.endHandler(v -> body.chunks.add(Body.END));
        response.exceptionHandler(e -> body.chunks.add(Body.END));
        return body;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A response body as it arrives. */
    public static final class Body implements AutoCloseable {
        static final Buffer END = Buffer.buffer();
        private final HttpClient client;
        private final BlockingQueue<Buffer> chunks = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private volatile HttpClientResponse response;
        private boolean ended;

        Body(HttpClient client) {
            this.client = client;
        }

        public HttpClientResponse response() {
            return response;
        }

        /** Waits until the body contains {@code expected}; returns all of it. */
        public String awaitContaining(String expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int searched = 0;
            while (true) {
                // only the new part, and enough before it for a match across chunks
                int found = text.indexOf(expected, Math.max(0, searched - expected.length()));
                searched = text.length();
                if (found >= 0) {
                    break;
                }
                if (!take(deadline)) {
                    throw new AssertionError("Not received within " + timeout + ": " + expected + "\nReceived: " + text);
                }
            }
            return text.toString();
        }

        /** Waits until the server ends the response. */
        public String awaitEnd(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ended) {
                if (!take(deadline)) {
                    throw new AssertionError("The response did not end within " + timeout + "\nReceived: " + text);
                }
            }
            return text.toString();
        }

        /** Everything received so far. */
        public String text() {
            while (true) {
                Buffer chunk = chunks.poll();
                if (chunk == null) {
                    return text.toString();
                }
                append(chunk);
            }
        }

        private boolean take(long deadline) throws InterruptedException {
            Buffer chunk = chunks.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (chunk == null) {
                return false;
            }
            append(chunk);
            return true;
        }

        private void append(Buffer chunk) {
            if (chunk == END) {
                ended = true;
            } else {
                text.append(chunk.toString());
            }
        }

        /** Stops reading: the server's writes then back up. */
        public void pause() {
            response.pause();
        }

        public void resume() {
            response.resume();
        }

        /** Closes the connection, as a client that goes away. */
        @Override
        public void close() throws Exception {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
