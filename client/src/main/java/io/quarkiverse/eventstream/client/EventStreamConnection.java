package io.quarkiverse.eventstream.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A blocking view of one stream, for tests: the events wait in a queue that {@link #next(Duration)} and its variants
 * read from the calling thread (a JUnit thread), while the connection itself lives on a Vert.x event loop and
 * reconnects like {@link EventStreamClient#events()}. Every read is bounded by its timeout. Not meant for several
 * reading threads at once.
 *
 * <pre>
 * try (EventStreamConnection stream = EventStreamClient.connect(uri)) {
 *     stream.awaitOpen(Duration.ofSeconds(10));
 *     publisher.publish("news", "hello");
 *     assertEquals("\"hello\"", stream.next("message", Duration.ofSeconds(10)).data());
 * }
 * </pre>
 */
public final class EventStreamConnection implements AutoCloseable {

    /** The end of the stream, in the queue. */
    private static final Object END = new Object();

    private final EventStreamClient client;
    private final boolean ownsClient;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Cancellable subscription;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile String lastEventId;
    private boolean ended;
    private int received;

    EventStreamConnection(EventStreamClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.lastEventId = client.initialLastEventId;
        this.subscription = client.events().subscribe().with(event -> {
            if (event.id() != null) {
                lastEventId = event.id();
            }
            queue.add(event);
        }, error -> {
            failure.set(error);
            queue.add(END);
        }, () -> queue.add(END));
    }

    /**
     * Waits for the next event of any type, control events included.
     *
     * @throws AssertionError when none arrives within {@code timeout}, or when the stream ended; when it failed, the
     *         {@link StreamRefusedException} or {@link StreamClosedException} is thrown as is
     */
    public StreamEvent next(Duration timeout) {
        return poll(System.nanoTime() + timeout.toNanos(), timeout, "event");
    }

    /**
     * Waits for the next event of {@code type}, skipping (and dropping) events of other types.
     *
     * @throws AssertionError when none arrives within {@code timeout} or the stream ended; failures as {@link #next(Duration)}
     */
    public StreamEvent next(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StreamEvent event = poll(deadline, timeout, "event of type " + type);
            if (type.equals(event.type())) {
                return event;
            }
        }
    }

    /**
     * Waits for the next {@code n} events of any type, all within {@code timeout}.
     *
     * @throws AssertionError when fewer arrive in time or the stream ended; failures as {@link #next(Duration)}
     */
    public List<StreamEvent> next(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StreamEvent> events = new ArrayList<>(n);
        while (events.size() < n) {
            events.add(poll(deadline, timeout, "event " + (events.size() + 1) + " of " + n + " (got " + events + ")"));
        }
        return events;
    }

    /**
     * Waits for the {@code stream-open} event, which the extension writes when the subscription is live, skipping
     * anything before it.
     */
    public StreamEvent awaitOpen(Duration timeout) {
        return next(StreamEvent.STREAM_OPEN, timeout);
    }

    /** @return the id of the last event received (the cursor a reconnect sends), or the initial cursor, or null */
    public String lastEventId() {
        return lastEventId;
    }

    /** Closes the connection, and the client when {@link EventStreamClient#connect(URI)} created it. */
    @Override
    public void close() {
        subscription.cancel();
        if (ownsClient) {
            client.close();
        }
    }

    private StreamEvent poll(long deadline, Duration timeout, String what) {
        if (ended) {
            throwEnded(what);
        }
        Object next;
        try {
            next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the next " + what + " on " + client.uri, e);
        }
        if (next == null) {
            throw new AssertionError("No " + what + " within " + timeout + " on " + client.uri + " (" + received
                    + " events received so far, last event id " + lastEventId + ")");
        }
        if (next == END) {
            ended = true;
            throwEnded(what);
        }
        received++;
        return (StreamEvent) next;
    }

    private void throwEnded(String what) {
        Throwable cause = failure.get();
        if (cause instanceof EventStreamException e) {
            throw e;
        }
        if (cause != null) {
            throw new IllegalStateException("The stream " + client.uri + " failed while waiting for the next " + what, cause);
        }
        throw new AssertionError("The stream " + client.uri + " ended while waiting for the next " + what + " (" + received
                + " events received)");
    }
}
