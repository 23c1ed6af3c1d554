package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class ApplicationResourceTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(TeamEvents.class)
            .overrideConfigKey("quarkus.eventstream.max-channels", "2");

    /** An application resource that computes its channels. */
    @Path("/teams/{team}/live")
    public static class TeamEvents {

        @Inject
        EventStreams streams;

        @GET
        @Produces(MediaType.SERVER_SENT_EVENTS)
        public void live(@PathParam("team") String team, @Context SseEventSink sink) {
            if (team.equals("crowd")) {
                streams.stream(sink, List.of("a", "b", "c"));
            } else {
                streams.stream(sink, List.of("team-" + team, "team-" + team + "-alerts"));
            }
        }
    }

    @Test
    void streamsTheChannelsTheResourceComputes() throws Exception {
        try (SseTestClient client = open("/teams/red/live")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(client.next(WAIT).type()).isEqualTo("stream-open");
            publisher.publishRaw("team-blue", "message", "not mine");
            publisher.publishRaw("team-red-alerts", "alert", "mine");
            SseTestClient.Block block = client.nextEvent(WAIT);
            assertThat(block.type()).isEqualTo("alert");
            assertThat(block.data()).isEqualTo("mine");
        }
    }

    @Test
    void appliesTheSameLimits() throws Exception {
        try (SseTestClient client = open("/teams/crowd/live")) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.body(WAIT)).contains("too-many-channels");
        }
    }
}
