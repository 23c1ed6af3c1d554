package io.quarkiverse.eventstream.client;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One subscription of {@link EventStreamClient#events()}: the current connection, the cursor and the reconnect state.
 * Everything but {@link #cancel()} and {@link #complete()} runs on the session's Vert.x context, which those two hop
 * onto, so the fields need no lock.
 */
final class StreamSession {

    /** The {@code stream-error} conditions after which a reconnect resumes the stream. */
    private static final Set<String> RESUMABLE = Set.of("shutdown", "store-unavailable", "overflow");
    private static final int MAX_REFUSAL_BODY = 64 * 1024;

    private final EventStreamClient client;
    private final MultiEmitter<? super StreamEvent> emitter;
    private final Context context;

    private String lastEventId;
    private Long retryMillis;
    private int failures;
    private boolean done;
    /** Identifies the current connection, so callbacks of a dropped one are ignored. */
    private long connection;
    private HttpClientRequest request;
    private long idleTimer = -1;
    private long reconnectTimer = -1;
    private long lastByteNanos;

    StreamSession(EventStreamClient client, MultiEmitter<? super StreamEvent> emitter, Context context) {
        this.client = client;
        this.emitter = emitter;
        this.context = context;
        this.lastEventId = client.initialLastEventId;
    }

    void start() {
        context.runOnContext(v -> connect());
    }

    /** The subscriber left: close the connection, emit nothing more. Any thread. */
    void cancel() {
        context.runOnContext(v -> {
            done = true;
            disconnect();
        });
    }

    /** The client closes: complete the stream. Any thread. */
    void complete() {
        context.runOnContext(v -> {
            if (!done) {
                done = true;
                disconnect();
                emitter.complete();
            }
        });
    }

    private void connect() {
        if (done) {
            return;
        }
        long id = ++connection;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(client.uri.toString())
                .setFollowRedirects(true)
                .putHeader("Accept", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        Map<String, String> headers = new HashMap<>(client.headers);
        try {
            for (Supplier<Map<String, String>> supplier : client.headerSuppliers) {
                Map<String, String> supplied = supplier.get();
                if (supplied != null) {
                    headers.putAll(supplied);
                }
            }
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        headers.forEach(options::putHeader);
        if (lastEventId != null && !lastEventId.isEmpty()) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        client.http.request(options).onComplete(created -> {
            if (created.failed()) {
                dropped(id, created.cause());
                return;
            }
            HttpClientRequest req = created.result();
            if (done || id != connection) {
                req.reset();
                return;
            }
            request = req;
            req.exceptionHandler(e -> dropped(id, e));
            req.send().onComplete(sent -> {
                if (sent.failed()) {
                    dropped(id, sent.cause());
                } else if (id == connection && !done) {
                    respond(id, sent.result());
                }
            });
        });
    }

    private void respond(long id, HttpClientResponse response) {
        int status = response.statusCode();
        String contentType = response.getHeader("Content-Type");
        if (status == 200 && isEventStream(contentType)) {
            stream(id, response);
        } else if (status >= 500 && client.reconnect) {
            // the reset below fails the response: expected, not worth Vert.x's unhandled-exception log
            response.exceptionHandler(ignored -> {
            });
            disconnect();
            scheduleReconnect();
        } else {
            refuse(id, response, status, contentType);
        }
    }

    private static boolean isEventStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals("text/event-stream");
    }

    private void stream(long id, HttpClientResponse response) {
        SseParser parser = new SseParser(event -> {
            if (id == connection && !done) {
                onEvent(id, event);
            }
        }, retry -> retryMillis = retry);
        lastByteNanos = System.nanoTime();
        scheduleIdleCheck(id, client.idleTimeout.toNanos());
        response.handler(buffer -> {
            if (id == connection && !done) {
                lastByteNanos = System.nanoTime();
                parser.feed(buffer.getBytes());
                if (parser.lastEventId() != null && id == connection) {
                    lastEventId = parser.lastEventId();
                }
            }
        });
        response.exceptionHandler(e -> dropped(id, e));
        response.endHandler(v -> dropped(id, null));
    }

    private void onEvent(long id, StreamEvent event) {
        failures = 0;
        if (event.id() != null) {
            lastEventId = event.id();
        }
        emitter.emit(event);
        if (StreamEvent.STREAM_ERROR.equals(event.type()) && id == connection && !done) {
            String condition = StreamClosedException.conditionOf(event.data());
            if (!RESUMABLE.contains(condition)) {
                fail(new StreamClosedException(event));
            } else if (client.reconnect) {
                disconnect();
                scheduleReconnect();
            }
            // without reconnecting, the server ends the response and the stream completes
        }
    }

    private void refuse(long id, HttpClientResponse response, int status, String contentType) {
        Buffer body = Buffer.buffer();
        Runnable finish = () -> {
            if (id == connection && !done) {
                fail(new StreamRefusedException(status, contentType, body.toString(StandardCharsets.UTF_8)));
            }
        };
        response.handler(chunk -> {
            if (body.length() < MAX_REFUSAL_BODY) {
                body.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_REFUSAL_BODY - body.length()));
            }
            if (body.length() >= MAX_REFUSAL_BODY) {
                finish.run();
            }
        });
        response.exceptionHandler(e -> finish.run());
        response.endHandler(v -> finish.run());
    }

    private void scheduleIdleCheck(long id, long delayNanos) {
        idleTimer = context.owner().setTimer(Math.max(1, delayNanos / 1_000_000), t -> {
            if (id != connection || done) {
                return;
            }
            long idle = System.nanoTime() - lastByteNanos;
            long limit = client.idleTimeout.toNanos();
            if (idle >= limit) {
                dropped(id, new TimeoutException("No byte from " + client.uri + " for " + client.idleTimeout));
            } else {
                scheduleIdleCheck(id, limit - idle);
            }
        });
    }

    /** The connection {@code id} ended: its response ended ({@code cause} null) or it failed. */
    private void dropped(long id, Throwable cause) {
        if (id != connection || done) {
            return;
        }
        disconnect();
        if (client.reconnect) {
            scheduleReconnect();
        } else if (cause == null) {
            done = true;
            emitter.complete();
        } else {
            fail(cause);
        }
    }

    private void scheduleReconnect() {
        long base = retryMillis != null ? retryMillis : client.initialDelay.toMillis();
        long delay = Math.min(client.maxDelay.toMillis(), base << Math.min(failures, 20));
        failures++;
        long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        reconnectTimer = context.owner().setTimer(Math.max(1, jittered), t -> {
            reconnectTimer = -1;
            connect();
        });
    }

    /** Closes the current connection, if any, and ignores its callbacks from now on. */
    private void disconnect() {
        connection++;
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
            idleTimer = -1;
        }
        if (reconnectTimer >= 0 && done) {
            context.owner().cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
        if (request != null) {
            // closes an HTTP/1.1 connection whose response is still streaming
            request.reset();
            request = null;
        }
    }

    private void fail(Throwable failure) {
        done = true;
        disconnect();
        emitter.fail(failure);
    }
}
