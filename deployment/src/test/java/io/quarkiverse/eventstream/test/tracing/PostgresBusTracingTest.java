package io.quarkiverse.eventstream.test.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The traceparent through a real postgres bus (a server on 127.0.0.1:5432, database {@code test}): the test listens on
 * the notification channel with {@code psql}, and notifies what it read back as another instance would.
 */
public class PostgresBusTracingTest extends EventStreamTestApp {

    // the same in both class loaders that load this class (JUnit's and the application's), unique to this JVM
    private static final String BUS_CHANNEL = "eventstream-tracing-" + ProcessHandle.current().pid();

    @RegisterExtension
    static final QuarkusUnitTest test = app(PublishingResource.class, SpanExporterProducer.class, Spans.class, PsqlWire.class,
            PsqlWire.Listener.class)
            .setForcedDependencies(List.of(
                    Dependency.of("io.quarkus", "quarkus-opentelemetry-deployment", Version.getVersion()),
                    Dependency.of("io.quarkus", "quarkus-reactive-pg-client-deployment", Version.getVersion())))
            // no store: events of channels that are not stored go through the bus with their data, never deduplicated
            .overrideConfigKey("quarkus.eventstream.store", "none")
            .overrideConfigKey("quarkus.eventstream.bus", "postgres")
            .overrideConfigKey("quarkus.datasource.db-kind", "postgresql")
            .overrideConfigKey("quarkus.datasource.devservices.enabled", "false")
            // the bus needs the reactive client only: no JDBC driver here
            .overrideConfigKey("quarkus.datasource.jdbc", "false")
            .overrideRuntimeConfigKey("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/test")
            .overrideRuntimeConfigKey("quarkus.datasource.username", "postgres")
            .overrideRuntimeConfigKey("quarkus.eventstream.bus.channel", BUS_CHANNEL)
            .overrideRuntimeConfigKey("quarkus.otel.bsp.schedule.delay", "50ms");

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void reset() {
        exporter.reset();
    }

    @Test
    void theNotificationCarriesThePublishSpanAndTheReceiverLinksToIt() throws Exception {
        try (PsqlWire.Listener listener = new PsqlWire.Listener(BUS_CHANNEL);
                SseTestClient stream = open("/events/news")) {
            stream.next(WAIT);
            await().atMost(WAIT).until(listener::listening);

            Spans.post(base, "/business/news", "local");
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("local");
            String sent = await().atMost(WAIT).until(listener::firstPayload, payload -> payload != null);
            SpanData publish = Spans.await(exporter, s -> s.getName().equals("publish news"));
            BusMessage message = BusMessage.decode(sent);
            assertThat(message.traceparent())
                    .isEqualTo("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01");

            // the same text, as another instance notified it: delivered here under a span linked to the publish span
            String elsewhere = sent.replaceFirst("^1\n0\n[A-Za-z0-9]+ ", "1\n0\nelsewhere ");
            assertThat(elsewhere).isNotEqualTo(sent);
            PsqlWire.notify(BUS_CHANNEL, elsewhere, WAIT);
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("local");
            List<SpanData> delivers = await().atMost(WAIT).until(
                    () -> Spans.finished(exporter, s -> s.getName().equals("deliver news")),
                    found -> found.size() == 2);
            for (SpanData deliver : delivers) {
                assertThat(deliver.getLinks()).singleElement().satisfies(link -> {
                    assertThat(link.getSpanContext().getTraceId()).isEqualTo(publish.getTraceId());
                    assertThat(link.getSpanContext().getSpanId()).isEqualTo(publish.getSpanId());
                });
            }
        }
    }
}
