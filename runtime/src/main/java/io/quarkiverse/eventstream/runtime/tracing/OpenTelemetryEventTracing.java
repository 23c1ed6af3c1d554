package io.quarkiverse.eventstream.runtime.tracing;

import java.util.Collection;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkiverse.eventstream.ChannelEvent;

/**
 * The spans of the extension with {@code quarkus-opentelemetry}, named after the OpenTelemetry messaging semantic
 * conventions: {@code publish <channel>} (kind {@code PRODUCER}, a child of the publisher's current span),
 * {@code deliver <channel>} (kind {@code CONSUMER}, a new trace linked to the publish span, on every instance that
 * hands the event to streams) and {@code eventstream open} (a child of the HTTP server span of the stream request).
 * <p>
 * Registered by name only when the application has the OpenTelemetry tracer, so that no other class of the extension
 * refers to its API.
 */
@Singleton
public class OpenTelemetryEventTracing implements EventTracing {

    /** The instrumentation scope of the spans. */
    static final String SCOPE = "io.quarkiverse.eventstream";

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("eventstream.event.type");
    static final AttributeKey<Long> EVENT_POSITION = AttributeKey.longKey("eventstream.event.position");
    static final AttributeKey<Long> STREAMS = AttributeKey.longKey("eventstream.streams");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("eventstream.endpoint");
    static final AttributeKey<List<String>> CHANNELS = AttributeKey.stringArrayKey("eventstream.channels");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("eventstream.outcome");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final String SYSTEM = "eventstream";
    private static final String VERSION = "00";

    private final Tracer tracer;

    @Inject
    public OpenTelemetryEventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(SCOPE);
    }

    @Override
    public Publish publishing(String channel, String type) {
        Span span = tracer.spanBuilder("publish " + channel).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, SYSTEM).setAttribute(DESTINATION, channel)
                .setAttribute(OPERATION_TYPE, "send").setAttribute(OPERATION_NAME, "publish")
                .setAttribute(EVENT_TYPE, type).startSpan();
        return new TracedPublish(span, span.makeCurrent());
    }

    @Override
    public Opening opening(String endpoint) {
        Span span = tracer.spanBuilder("eventstream open").setSpanKind(SpanKind.INTERNAL)
                .setAttribute(MESSAGING_SYSTEM, SYSTEM).setAttribute(ENDPOINT, endpoint).startSpan();
        return new TracedOpening(span);
    }

    @Override
    public Delivery delivering(ChannelEvent event, int streams) {
        SpanContext publish = parse(event.traceparent());
        if (publish == null) {
            return NoEventTracing.NO_DELIVERY;
        }
        // a trace of its own: one publish may reach many instances, long after its own trace ended
        SpanBuilder builder = tracer.spanBuilder("deliver " + event.channel()).setSpanKind(SpanKind.CONSUMER).setNoParent()
                .addLink(publish).setAttribute(MESSAGING_SYSTEM, SYSTEM).setAttribute(DESTINATION, event.channel())
                .setAttribute(OPERATION_TYPE, "process").setAttribute(OPERATION_NAME, "deliver")
                .setAttribute(EVENT_TYPE, event.type()).setAttribute(STREAMS, (long) streams);
        if (event.position() > 0) {
            builder.setAttribute(EVENT_POSITION, event.position());
        }
        return builder.startSpan()::end;
    }

    /**
     * @return the W3C {@code traceparent} of a sampled span, or {@code null}: an unsampled publish is not followed
     */
    static String traceparent(SpanContext context) {
        if (!context.isValid() || !context.isSampled()) {
            return null;
        }
        return VERSION + '-' + context.getTraceId() + '-' + context.getSpanId() + '-'
                + context.getTraceFlags().asHex();
    }

    /**
     * @return the span context of a {@code traceparent} (as it came from another instance: checked), or {@code null}
     */
    static SpanContext parse(String traceparent) {
        // 00-<32 hex>-<16 hex>-<2 hex>
        if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith(VERSION + "-")
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return null;
        }
        String flags = traceparent.substring(53);
        if (!isHex(flags)) {
            return null;
        }
        SpanContext context = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                traceparent.substring(36, 52), TraceFlags.fromHex(flags, 0), TraceState.getDefault());
        return context.isValid() ? context : null;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static final class TracedPublish implements Publish {
        private final Span span;
        private final Scope scope;
        private final String traceparent;

        TracedPublish(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
            this.traceparent = OpenTelemetryEventTracing.traceparent(span.getSpanContext());
        }

        @Override
        public String traceparent() {
            return traceparent;
        }

        @Override
        public void published(ChannelEvent event) {
            if (event.position() > 0) {
                span.setAttribute(EVENT_POSITION, event.position());
            }
        }

        @Override
        public void failed(RuntimeException failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }

        @Override
        public void end() {
            scope.close();
            span.end();
        }
    }

    private static final class TracedOpening implements Opening {
        private final Span span;
        private String outcome;

        TracedOpening(Span span) {
            this.span = span;
        }

        @Override
        public void admitted(Collection<String> channels) {
            span.setAttribute(CHANNELS, List.copyOf(channels));
        }

        @Override
        public void opened() {
            outcome = "opened";
        }

        @Override
        public void held() {
            outcome = "held";
        }

        @Override
        public void refused(int status) {
            if (outcome == null) {
                outcome = "refused";
                span.setAttribute(STATUS, (long) status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
            }
        }

        @Override
        public void failed(RuntimeException failure) {
            outcome = "failed";
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }

        @Override
        public void end() {
            // the client left before its stream could open
            span.setAttribute(OUTCOME, outcome == null ? "abandoned" : outcome);
            span.end();
        }
    }
}
