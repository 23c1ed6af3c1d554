package io.quarkiverse.eventstream.test.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/** What the tracing tests read from the in-memory exporter, and the publishing request they send. */
final class Spans {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Spans() {
    }

    /** The first finished span {@code which} matches, waiting for it. */
    static SpanData await(InMemorySpanExporter exporter, Predicate<SpanData> which) {
        return Awaitility.await().atMost(WAIT).until(() -> finished(exporter, which),
                found -> !found.isEmpty()).get(0);
    }

    /** The finished spans {@code which} matches, now. */
    static List<SpanData> finished(InMemorySpanExporter exporter, Predicate<SpanData> which) {
        return exporter.getFinishedSpanItems().stream().filter(which).toList();
    }

    /** Posts {@code body} as text to the application's {@code path}, expecting 200; returns the answer. */
    static String post(URL base, String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
