package io.quarkiverse.eventstream.runtime;

import java.util.Collection;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.runtime.fanout.StreamIndex;
import io.quarkiverse.eventstream.runtime.http.SseResponder;

/**
 * The built-in {@link EventStreams}: application resources open streams as the extension's endpoints do.
 */
@Singleton
public class EventStreamsImpl implements EventStreams {

    private final SseResponder responder;
    private final StreamIndex index;

    @Inject
    EventStreamsImpl(SseResponder responder, StreamIndex index) {
        this.responder = responder;
        this.index = index;
    }

    @Override
    public void stream(SseEventSink sink, Collection<String> channels) {
        responder.open(sink, channels);
    }

    @Override
    public int subscribers(String channel) {
        return index.subscribers(channel);
    }

    @Override
    public int openStreams() {
        return index.openStreams();
    }
}
