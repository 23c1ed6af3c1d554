package io.quarkiverse.eventstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.client.EventStreamClient;
import io.quarkiverse.eventstream.client.EventStreamConnection;
import io.quarkiverse.eventstream.client.StreamEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The documented way to test a stream in a {@code @QuarkusTest} (docs: java-client.adoc). */
// tag::example[]
@QuarkusTest
class StreamTestingExampleTest {

    @Inject
    EventPublisher publisher;

    @TestHTTPResource("/events/greetings")
    URI greetings;

    @Test
    void receivesWhatIsPublished() {
        try (EventStreamConnection stream = EventStreamClient.connect(greetings)) {
            stream.awaitOpen(Duration.ofSeconds(10)); // subscribed: nothing published from now on is missed
            publisher.publish("greetings", "greeting", new Greeting("hello"));
            StreamEvent event = stream.next("greeting", Duration.ofSeconds(10));
            assertThat(event.dataAs(Greeting.class).text()).isEqualTo("hello");
            assertThat(event.id()).isEqualTo(publisher.currentEventId("greetings"));
        }
    }

    public record Greeting(String text) {
    }
}
// end::example[]
