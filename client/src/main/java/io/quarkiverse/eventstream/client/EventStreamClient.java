package io.quarkiverse.eventstream.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * A client of server-sent event streams that reconnects and resumes with {@code Last-Event-ID}, for one URI. It needs
 * only Vert.x and Mutiny, not the extension: a service reads another service's streams with it, and a test reads the
 * streams of the application under test.
 *
 * <pre>
 * try (EventStreamClient client = EventStreamClient.builder("http://localhost:8080/events/news").build()) {
 *     client.events().subscribe().with(event -&gt; System.out.println(event.type() + " " + event.data()));
 * }
 * </pre>
 *
 * Each subscription to {@link #events()} opens its own connection. {@link #open()} and {@link #connect(URI)} give a
 * blocking view for tests. A client is thread-safe; {@link #close()} ends its streams, and closes the {@link Vertx} it
 * created when none was given.
 */
public final class EventStreamClient implements AutoCloseable {

    final URI uri;
    final Vertx vertx;
    final HttpClient http;
    final Map<String, String> headers;
    final List<Supplier<Map<String, String>>> headerSuppliers;
    final String initialLastEventId;
    final boolean reconnect;
    final Duration initialDelay;
    final Duration maxDelay;
    final Duration idleTimeout;
    private final boolean ownsVertx;
    private final Set<StreamSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private EventStreamClient(Builder builder) {
        this.uri = builder.uri;
        this.ownsVertx = builder.vertx == null;
        this.vertx = ownsVertx ? Vertx.vertx() : builder.vertx;
        this.headers = Map.copyOf(builder.headers);
        this.headerSuppliers = List.copyOf(builder.headerSuppliers);
        this.initialLastEventId = builder.lastEventId;
        this.reconnect = builder.reconnect;
        this.initialDelay = builder.initialDelay;
        this.maxDelay = builder.maxDelay;
        this.idleTimeout = builder.idleTimeout;
        HttpClientOptions options = new HttpClientOptions()
                .setSsl("https".equalsIgnoreCase(uri.getScheme()))
                // no compression: events must arrive as they are written
                .setDecompressionSupported(false);
        // every stream holds a connection for as long as it lives
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(10_000));
    }

    /** Starts a client for the stream at {@code uri} ({@code http} or {@code https}, with its query). */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** Starts a client for the stream at {@code uri}. */
    public static Builder builder(String uri) {
        return new Builder(URI.create(uri));
    }

    /**
     * Opens the stream at {@code uri} with the default settings, for a test: the returned connection owns its client
     * (and the client's {@link Vertx}), and closing the connection closes both.
     */
    public static EventStreamConnection connect(URI uri) {
        return new EventStreamConnection(builder(uri).build(), true);
    }

    /**
     * The events of the stream. Each subscription opens its own connection and cancelling it closes the connection.
     * The stream emits every event, including the control events {@code stream-open}, {@code stream-reset} and
     * {@code stream-error}, on a Vert.x event-loop thread (the subscriber's own when it subscribes on one); events wait
     * in an unbounded buffer while the subscriber has no outstanding request.
     * <p>
     * With reconnecting on (the default), the stream resumes with {@code Last-Event-ID} set to the last id it saw after
     * a network error, the end of a response, an idle timeout, a 5xx status (also a proxy's 502, 503, 504), or a
     * {@code stream-error} whose condition is {@code shutdown}, {@code store-unavailable} or {@code overflow}. It fails
     * with {@link StreamRefusedException} on a 4xx status or a 200 that is not {@code text/event-stream}, and with
     * {@link StreamClosedException} after any other {@code stream-error} ({@code forbidden}, {@code expired}). Without
     * reconnecting, it completes when the response ends and fails on anything else.
     *
     * @throws IllegalStateException on subscription when the client is closed
     */
    public Multi<StreamEvent> events() {
        return Multi.createFrom().emitter(emitter -> {
            if (closed) {
                emitter.fail(new IllegalStateException("The event stream client of " + uri + " is closed"));
                return;
            }
            StreamSession session = new StreamSession(this, emitter, vertx.getOrCreateContext());
            sessions.add(session);
            emitter.onTermination(() -> {
                sessions.remove(session);
                session.cancel();
            });
            session.start();
        });
    }

    /** Opens a blocking connection to the stream, for tests; closing it leaves this client open. */
    public EventStreamConnection open() {
        return new EventStreamConnection(this, false);
    }

    /** @return the URI of the stream */
    public URI uri() {
        return uri;
    }

    /**
     * Ends the open streams (they complete) and closes the HTTP client, and the {@link Vertx} when the client created
     * it (waiting up to 10 seconds for that, unless called on an event loop). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (StreamSession session : new ArrayList<>(sessions)) {
            session.complete();
        }
        awaitClosed(http.close());
        if (ownsVertx) {
            awaitClosed(vertx.close());
        }
    }

    private static void awaitClosed(io.vertx.core.Future<Void> closing) {
        if (Context.isOnEventLoopThread()) {
            return;
        }
        try {
            closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing is best effort
        }
    }

    /** The settings of a client; {@link #build()} makes it. Not thread-safe. */
    public static final class Builder {

        private final URI uri;
        private Vertx vertx;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<Supplier<Map<String, String>>> headerSuppliers = new ArrayList<>();
        private String lastEventId;
        private boolean reconnect = true;
        private Duration initialDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("An event stream URI must be http or https: " + uri);
            }
        }

        /**
         * The Vert.x instance to use, e.g. the application's own ({@code @Inject Vertx}). Without it the client creates
         * one and closes it in {@link EventStreamClient#close()}.
         */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        /** A header sent with every request of every stream, e.g. {@code Authorization}. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Headers computed before every connect, including reconnects, e.g. a refreshed bearer token. The supplier runs
         * on a Vert.x event loop: it must not block. Its headers win over {@link #header} for the same name.
         */
        public Builder headers(Supplier<Map<String, String>> headers) {
            headerSuppliers.add(Objects.requireNonNull(headers, "headers"));
            return this;
        }

        /**
         * The cursor of the first connect, e.g. {@code EventPublisher.currentEventId(...)} of the page that started the
         * client; {@code null} (the default) starts at "now".
         */
        public Builder lastEventId(String lastEventId) {
            this.lastEventId = lastEventId;
            return this;
        }

        /** Whether the stream reconnects and resumes; default {@code true}. */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /**
         * The delay before a reconnect: {@code initial} (replaced by the server's {@code retry} field when it sends one),
         * doubling for each failed attempt in a row up to {@code max}, each randomly shortened by up to half (jitter).
         * Defaults: 1 s and 30 s.
         */
        public Builder reconnectDelay(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("Need 0 <= initial <= max, got " + initial + " and " + max);
            }
            this.initialDelay = initial;
            this.maxDelay = max;
            return this;
        }

        /**
         * How long the connection may stay without receiving a byte (keep-alive comments count) before the client drops
         * it and reconnects; default 60 s, three times the extension's default keep-alive interval.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("The idle timeout must be positive, got " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** @return a new client; close it when done */
        public EventStreamClient build() {
            return new EventStreamClient(this);
        }
    }
}
