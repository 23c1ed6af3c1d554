package io.quarkiverse.eventstream.runtime.http;

import java.util.Map;

import io.netty.channel.EventLoop;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.impl.ContextInternal;

/**
 * What the extension relies on from Vert.x and Quarkus REST beyond their public APIs, in one place. Each behaviour has
 * a test that fails if it changes ({@code ConnectionAdapterTest} in the runtime module for Vert.x,
 * {@code SseHeadTest} in the deployment module for Quarkus REST).
 */
final class ConnectionAdapter {

    /**
     * The media type of every event stream, without a {@code charset}: the SSE standard fixes UTF-8 and ignores it, and
     * the {@code onopen} check in {@code @microsoft/fetch-event-source}'s documentation compares the whole header with
     * {@code text/event-stream}, so a parameter keeps streams of clients written from it from ever opening.
     */
    static final String EVENT_STREAM = "text/event-stream";

    private ConnectionAdapter() {
    }

    /**
     * The Netty event loop of the request's connection, from Vert.x's internal request context. Vert.x runs the
     * connection's handlers there (the response's drain and end handlers), so a stream confined to that loop is never
     * touched by two threads at once.
     */
    static EventLoop eventLoop(HttpServerRequest request) {
        ContextInternal context = (ContextInternal) ((HttpServerRequestInternal) request).context();
        return context.nettyEventLoop();
    }

    /**
     * Writes the head of an event stream before the JAX-RS resource method returns. Quarkus REST then keeps it:
     * after an {@code SseEventSink} method returns it writes its own head only if none was written
     * ({@code SseEventSinkImpl.sendInitialResponse}), and it does not buffer the body.
     */
    static void writeHead(HttpServerResponse response, Map<String, String> headers) {
        response.setStatusCode(200);
        response.putHeader("Content-Type", EVENT_STREAM);
        response.putHeader("Cache-Control", "no-cache");
        response.putHeader("X-Accel-Buffering", "no");
        headers.forEach(response::putHeader);
        response.setChunked(true);
        response.writeHead();
    }
}
