package io.quarkiverse.eventstream.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.runtime.VertxHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * What streams rely on from Vert.x's internals ({@link ConnectionAdapter#eventLoop}): the loop it gives runs the
 * connection's handlers, so a stream confined to it is never touched by two threads at once. If a Vert.x upgrade
 * changes that, these fail.
 */
class ConnectionAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private VertxHttp http;

    @BeforeEach
    void start() throws Exception {
        http = new VertxHttp();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    @ParameterizedTest(name = "HTTP/2: {0}")
    @ValueSource(booleans = { false, true })
    void theRequestHandlerTheDrainHandlerAndTheEndHandlerRunOnTheConnectionsLoop(boolean http2) throws Exception {
        CompletableFuture<Boolean> handlerOnLoop = new CompletableFuture<>();
        CompletableFuture<Boolean> drainOnLoop = new CompletableFuture<>();
        CompletableFuture<Boolean> endOnLoop = new CompletableFuture<>();
        CompletableFuture<Boolean> taskOnLoop = new CompletableFuture<>();
        http.onRequest(request -> {
            EventLoop loop = ConnectionAdapter.eventLoop(request);
            handlerOnLoop.complete(loop.inEventLoop());
            HttpServerResponse response = request.response();
            response.setChunked(true);
            response.drainHandler(v -> drainOnLoop.complete(loop.inEventLoop()));
            response.closeHandler(v -> endOnLoop.complete(loop.inEventLoop()));
            loop.execute(() -> taskOnLoop.complete(request.response() == response && loop.inEventLoop()));
            // more than the connection holds, so that it drains later
            Buffer chunk = Buffer.buffer("x".repeat(64 * 1024));
            while (!response.writeQueueFull()) {
                response.write(chunk, null);
            }
        });
        VertxHttp.Body body = http.get("/", http2);
        assertThat(handlerOnLoop.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(taskOnLoop.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        body.text();
        assertThat(drainOnLoop.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        body.close();
        assertThat(endOnLoop.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
}
