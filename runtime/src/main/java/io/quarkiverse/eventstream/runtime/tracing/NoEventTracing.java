package io.quarkiverse.eventstream.runtime.tracing;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkus.arc.DefaultBean;

/**
 * No spans: the {@link EventTracing} of an application without {@code quarkus-opentelemetry}. Returns the same no-op
 * objects every time.
 */
@DefaultBean
@Singleton
public class NoEventTracing implements EventTracing {

    private static final Publish NO_PUBLISH = new Publish() {
        @Override
        public String traceparent() {
            return null;
        }

        @Override
        public void published(ChannelEvent event) {
        }

        @Override
        public void failed(RuntimeException failure) {
        }

        @Override
        public void end() {
        }
    };

    private static final Opening NO_OPENING = new Opening() {
        @Override
        public void admitted(Collection<String> channels) {
        }

        @Override
        public void opened() {
        }

        @Override
        public void held() {
        }

        @Override
        public void refused(int status) {
        }

        @Override
        public void failed(RuntimeException failure) {
        }

        @Override
        public void end() {
        }
    };

    static final Delivery NO_DELIVERY = () -> {
    };

    @Override
    public Publish publishing(String channel, String type) {
        return NO_PUBLISH;
    }

    @Override
    public Opening opening(String endpoint) {
        return NO_OPENING;
    }

    @Override
    public Delivery delivering(ChannelEvent event, int streams) {
        return NO_DELIVERY;
    }
}
