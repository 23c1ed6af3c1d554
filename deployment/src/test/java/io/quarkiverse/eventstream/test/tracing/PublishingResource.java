package io.quarkiverse.eventstream.test.tracing;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;

/** A business endpoint that publishes what it receives; answers the event's position and traceparent. */
@Path("/business")
public class PublishingResource {

    @Inject
    EventPublisher publisher;

    @POST
    @Path("{channel}")
    public String publish(@PathParam("channel") String channel, String text) {
        ChannelEvent event = publisher.publishRaw(channel, "note", text);
        return event.position() + " " + event.traceparent();
    }
}
