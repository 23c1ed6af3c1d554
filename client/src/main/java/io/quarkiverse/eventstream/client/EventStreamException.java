package io.quarkiverse.eventstream.client;

/**
 * The base of the failures that end an {@link EventStreamClient#events()} stream for good: the server said no, so
 * reconnecting would not help.
 */
public abstract class EventStreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected EventStreamException(String message) {
        super(message);
    }
}
