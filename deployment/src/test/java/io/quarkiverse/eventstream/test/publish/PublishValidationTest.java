package io.quarkiverse.eventstream.test.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;

public class PublishValidationTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app();

    @Inject
    Vertx vertx;

    @Test
    void refusesTypesThatCouldBreakTheFrame() {
        assertThatThrownBy(() -> publisher.publish("c", "a\nb", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type").hasMessageContaining("LF");
        assertThatThrownBy(() -> publisher.publishRaw("c", "a\rb", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR");
        assertThatThrownBy(() -> publisher.publishRaw("c", "a\0b", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> publisher.publishRaw("c", "", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> publisher.publishRaw("c", "t".repeat(1025), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
    }

    @Test
    void refusesInvalidChannelsAndNullRawData() {
        assertThatThrownBy(() -> publisher.publish("", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> publisher.publish("a".repeat(129), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> publisher.publish("bell\u0007", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> publisher.publishRaw("c", "message", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesRawDataWithNulWhateverTheStore() {
        // not every store keeps U+0000 (PostgreSQL's text type cannot), so no store is given one
        assertThatThrownBy(() -> publisher.publishRaw("c", "message", "nul\0inside"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL").hasMessageContaining("index 3");
        // JSON escapes it: publish is unaffected
        assertThat(publisher.publish("c", "nul\0inside").data()).isEqualTo("\"nul\\u0000inside\"");
    }

    @Test
    void encodesNullAsJsonNull() {
        assertThat(publisher.publish("c", null).data()).isEqualTo("null");
    }

    @Test
    void publishesFromTheEventLoopWithoutBlocking() throws Exception {
        try (SseTestClient client = open("/events/loop")) {
            client.next(WAIT);
            ChannelEvent event = vertx.executeBlocking(() -> null).compose(ignored -> {
                io.vertx.core.Promise<ChannelEvent> promise = io.vertx.core.Promise.promise();
                vertx.runOnContext(v -> publisher.publishAsync("loop", "tick", 42)
                        .subscribe().with(promise::complete, promise::fail));
                return promise.future();
            }).toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(event.data()).isEqualTo("42");
            assertThat(client.nextEvent(WAIT).rawWithoutId()).isEqualTo("event: tick\ndata: 42\n\n");
            publisher.publishRawAsync("loop", "raw", "<b>").await().atMost(WAIT);
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("<b>");
        }
    }
}
