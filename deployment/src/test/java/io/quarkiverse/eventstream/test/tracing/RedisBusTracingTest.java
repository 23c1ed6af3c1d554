package io.quarkiverse.eventstream.test.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The traceparent through a real Redis bus (a server on 127.0.0.1:6379): the test reads what this instance sends on
 * the bus channel and sends it back as another instance would, raw, over its own connection to Redis.
 */
public class RedisBusTracingTest extends EventStreamTestApp {

    // the same in both class loaders that load this class (JUnit's and the application's), unique to this JVM
    private static final String BUS_CHANNEL = "eventstream-tracing-" + ProcessHandle.current().pid();

    @RegisterExtension
    static final QuarkusUnitTest test = app(PublishingResource.class, SpanExporterProducer.class, Spans.class, RedisWire.class)
            .setForcedDependencies(List.of(
                    Dependency.of("io.quarkus", "quarkus-opentelemetry-deployment", Version.getVersion()),
                    Dependency.of("io.quarkus", "quarkus-redis-client-deployment", Version.getVersion())))
            // no store: events of channels that are not stored go through the bus with their data, never deduplicated
            .overrideConfigKey("quarkus.eventstream.store", "none")
            .overrideConfigKey("quarkus.eventstream.bus", "redis")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.redis.hosts", "redis://127.0.0.1:6379")
            .overrideRuntimeConfigKey("quarkus.eventstream.bus.channel", BUS_CHANNEL)
            .overrideRuntimeConfigKey("quarkus.otel.bsp.schedule.delay", "50ms");

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void reset() {
        exporter.reset();
    }

    @Test
    void theBusMessageCarriesThePublishSpanAndTheReceiverLinksToIt() throws Exception {
        try (RedisWire subscriber = new RedisWire("127.0.0.1", 6379);
                SseTestClient stream = open("/events/news")) {
            stream.next(WAIT);
            assertThat(((List<?>) subscriber.command("SUBSCRIBE", BUS_CHANNEL)).get(0)).isEqualTo("subscribe");

            Spans.post(base, "/business/news", "local");
            String sent = nextMessage(subscriber);
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("local");
            SpanData publish = Spans.await(exporter, s -> s.getName().equals("publish news"));
            String traceparent = "00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01";
            BusMessage message = BusMessage.decode(sent);
            assertThat(message.traceparent()).isEqualTo(traceparent);
            assertThat(message.toEvent().data()).isEqualTo("local");

            // the same bytes, as another instance sent them: this instance delivers them and links to the publish span
            String elsewhere = sent.replaceFirst("^1\n0\n[A-Za-z0-9]+ ", "1\n0\nelsewhere ");
            assertThat(elsewhere).isNotEqualTo(sent);
            try (RedisWire other = new RedisWire("127.0.0.1", 6379)) {
                other.command("PUBLISH", BUS_CHANNEL, elsewhere);
            }
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("local");
            List<SpanData> delivers = await().atMost(WAIT).until(
                    () -> Spans.finished(exporter, s -> s.getName().equals("deliver news")),
                    found -> found.size() == 2);
            for (SpanData deliver : delivers) {
                assertThat(deliver.getLinks()).singleElement().satisfies(link -> {
                    assertThat(link.getSpanContext().getTraceId()).isEqualTo(publish.getTraceId());
                    assertThat(link.getSpanContext().getSpanId()).isEqualTo(publish.getSpanId());
                });
                assertThat(deliver.getAttributes().get(AttributeKey.longKey("eventstream.streams"))).isEqualTo(1L);
            }
        }
    }

    @Test
    void aMessageWithoutTraceparentIsDeliveredWithoutASpan() throws Exception {
        try (SseTestClient stream = open("/events/plain"); RedisWire other = new RedisWire("127.0.0.1", 6379)) {
            stream.next(WAIT);
            // as an instance without tracing, or before tracing existed, sends it
            String untraced = BusMessage.event("elsewhere", new ChannelEvent("plain", "message", "old", 0)).encode();
            assertThat(untraced).startsWith("1\n0\nelsewhere\nplain\n");
            other.command("PUBLISH", BUS_CHANNEL, untraced);
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("old");
            String traced = BusMessage.event("elsewhere", new ChannelEvent("plain", "message", "new", 0,
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).encode();
            other.command("PUBLISH", BUS_CHANNEL, traced);
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("new");
            SpanData deliver = Spans.await(exporter, s -> s.getName().equals("deliver plain"));
            assertThat(deliver.getLinks()).singleElement().satisfies(
                    link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331"));
            // the untraced one, handed on first, made no span
            assertThat(Spans.finished(exporter, s -> s.getName().equals("deliver plain"))).hasSize(1);
        }
    }

    private static String nextMessage(RedisWire subscriber) throws Exception {
        while (true) {
            List<?> push = (List<?>) subscriber.read();
            if ("message".equals(push.get(0))) {
                return (String) push.get(2);
            }
        }
    }
}
