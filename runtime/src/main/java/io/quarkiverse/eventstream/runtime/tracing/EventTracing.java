package io.quarkiverse.eventstream.runtime.tracing;

import java.util.Collection;

import io.quarkiverse.eventstream.ChannelEvent;

/**
 * The spans of the extension: one per publish, per stream opening, and per hand-over of an event to this instance's
 * streams, linked to its publish. Without {@code quarkus-opentelemetry} the bean is {@link NoEventTracing}, whose
 * methods return shared no-op objects: nothing is allocated per event. With it, {@code OpenTelemetryEventTracing}
 * (registered by name, the only class that refers to the OpenTelemetry API).
 * <p>
 * Thread-safe. A {@link Publish} or {@link Opening} is used by the thread that started it, and ended by it once.
 */
public interface EventTracing {

    /**
     * Starts the span of a publish, a child of the caller's current span, and makes it current until
     * {@link Publish#end()} (the store's own spans nest under it).
     *
     * @return never {@code null}
     */
    Publish publishing(String channel, String type);

    /**
     * Starts the span of a stream request, a child of the current span (the HTTP server span).
     *
     * @param endpoint the configured endpoint, {@code built-in}, or {@code application} for {@code EventStreams.stream}
     * @return never {@code null}
     */
    Opening opening(String endpoint);

    /**
     * Starts the span of handing {@code event} to this instance's streams, linked to its publish span. Called only for
     * an event with a {@link ChannelEvent#traceparent()}.
     *
     * @param streams how many streams of the channel it goes to
     * @return never {@code null}
     */
    Delivery delivering(ChannelEvent event, int streams);

    /** The span of one publish. */
    interface Publish {

        /**
         * @return the W3C {@code traceparent} of the span, for the event to carry; {@code null} when it is not sampled
         */
        String traceparent();

        /** The publish returned {@code event}; it may have its position. */
        void published(ChannelEvent event);

        /** The publish failed with {@code failure}. */
        void failed(RuntimeException failure);

        /** Ends the span and restores the caller's current span. */
        void end();
    }

    /** The span of one stream request. */
    interface Opening {

        /** The request was admitted for {@code channels}. */
        void admitted(Collection<String> channels);

        /** The stream is open: its head is written and it starts on its event loop. */
        void opened();

        /** A GRIP proxy holds the stream. */
        void held();

        /** The request was answered with {@code status} instead of a stream. */
        void refused(int status);

        /** The request failed with {@code failure}. */
        void failed(RuntimeException failure);

        /** Ends the span, with the outcome set last ({@code abandoned} when none was). */
        void end();
    }

    /** The span of one hand-over to the streams. */
    interface Delivery {

        /** Ends the span, once the event is queued for every event loop of the channel's streams. */
        void end();
    }
}
