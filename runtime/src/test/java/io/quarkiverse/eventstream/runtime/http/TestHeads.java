package io.quarkiverse.eventstream.runtime.http;

import java.util.Map;

import io.netty.channel.EventLoop;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@link ConnectionAdapter} for the tests of other packages: what the responder does for a stream before it opens.
 */
public final class TestHeads {

    private TestHeads() {
    }

    public static void writeHead(HttpServerResponse response) {
        ConnectionAdapter.writeHead(response, Map.of());
    }

    public static EventLoop eventLoop(HttpServerRequest request) {
        return ConnectionAdapter.eventLoop(request);
    }
}
