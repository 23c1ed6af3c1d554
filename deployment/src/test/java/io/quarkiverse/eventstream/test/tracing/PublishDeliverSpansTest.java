package io.quarkiverse.eventstream.test.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With quarkus-opentelemetry: a publish from a REST resource is a span of the resource's trace, the hand-over of the
 * event to the streams is a span linked to it, and a stream request has a span under its HTTP server span.
 */
public class PublishDeliverSpansTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(PublishingResource.class, SpanExporterProducer.class, Spans.class)
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-opentelemetry-deployment",
                    Version.getVersion())))
            .overrideConfigKey("quarkus.otel.traces.sampler", "always_on")
            .overrideRuntimeConfigKey("quarkus.otel.bsp.schedule.delay", "50ms")
            .overrideRuntimeConfigKey("quarkus.otel.bsp.export.timeout", "1s");

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void reset() {
        exporter.reset();
    }

    @Test
    void publishIsAChildOfTheBusinessSpanAndTheDeliveryLinksToIt() throws Exception {
        try (SseTestClient stream = open("/events/orders")) {
            stream.next(WAIT);
            String[] answer = Spans.post(base, "/business/orders", "paid").split(" ");
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("paid");

            SpanData server = Spans.await(exporter, s -> s.getKind() == SpanKind.SERVER
                    && "/business/orders".equals(s.getAttributes().get(AttributeKey.stringKey("url.path"))));
            SpanData publish = Spans.await(exporter, s -> s.getName().equals("publish orders"));
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(publish.getTraceId()).isEqualTo(server.getTraceId());
            assertThat(publish.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("eventstream");
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                    .isEqualTo("orders");
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.operation.type"))).isEqualTo("send");
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("eventstream.event.type"))).isEqualTo("note");
            assertThat(publish.getAttributes().get(AttributeKey.longKey("eventstream.event.position")))
                    .isEqualTo(Long.parseLong(answer[0]));
            // the event returned to the caller carries the publish span's context
            assertThat(answer[1]).isEqualTo("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01");

            SpanData deliver = Spans.await(exporter, s -> s.getName().equals("deliver orders"));
            assertThat(deliver.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(deliver.getParentSpanContext().isValid()).isFalse();
            assertThat(deliver.getLinks()).extracting(LinkData::getSpanContext)
                    .extracting(SpanContext::getTraceId, SpanContext::getSpanId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(publish.getTraceId(), publish.getSpanId()));
            assertThat(deliver.getAttributes().get(AttributeKey.longKey("eventstream.streams"))).isEqualTo(1L);
            assertThat(deliver.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")))
                    .isEqualTo("process");
        }
    }

    @Test
    void anOpenedStreamHasASpanUnderItsServerSpan() throws Exception {
        try (SseTestClient stream = open("/events?channel=a&channel=b")) {
            stream.next(WAIT);
        }
        SpanData opening = Spans.await(exporter, s -> s.getName().equals("eventstream open"));
        assertThat(opening.getAttributes().get(AttributeKey.stringArrayKey("eventstream.channels")))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(opening.getAttributes().get(AttributeKey.stringKey("eventstream.endpoint"))).isEqualTo("built-in");
        assertThat(opening.getAttributes().get(AttributeKey.stringKey("eventstream.outcome"))).isEqualTo("opened");
        SpanData server = Spans.await(exporter, s -> s.getSpanId().equals(opening.getParentSpanId()));
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getTraceId()).isEqualTo(opening.getTraceId());
    }

    @Test
    void aRefusedStreamHasItsStatus() throws Exception {
        try (SseTestClient stream = open("/events/" + "x".repeat(300))) {
            assertThat(stream.status()).isEqualTo(400);
        }
        SpanData opening = Spans.await(exporter, s -> s.getName().equals("eventstream open"));
        assertThat(opening.getAttributes().get(AttributeKey.stringKey("eventstream.outcome"))).isEqualTo("refused");
        assertThat(opening.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(400L);
        SpanData server = Spans.await(exporter, s -> s.getSpanId().equals(opening.getParentSpanId()));
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    }

    @Test
    void anEventOfAnotherTraceIsDeliveredUnderItsOwnLink() throws Exception {
        // published outside any request: the publish span is a root, the deliver span still links to it
        try (SseTestClient stream = open("/events/jobs")) {
            stream.next(WAIT);
            String traceparent = publisher.publishRaw("jobs", "message", "done").traceparent();
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("done");
            SpanData publish = Spans.await(exporter, s -> s.getName().equals("publish jobs"));
            assertThat(publish.getParentSpanContext().isValid()).isFalse();
            assertThat(traceparent).contains(publish.getSpanId());
            SpanData deliver = Spans.await(exporter, s -> s.getName().equals("deliver jobs"));
            assertThat(deliver.getLinks()).singleElement()
                    .satisfies(link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(publish.getSpanId()));
        }
    }
}
