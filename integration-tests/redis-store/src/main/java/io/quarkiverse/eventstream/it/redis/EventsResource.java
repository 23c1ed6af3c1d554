package io.quarkiverse.eventstream.it.redis;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.EventPublisher;

/**
 * Test endpoints: publish and read cursors, over HTTP as a client of the application would.
 */
@Path("/test")
public class EventsResource {

    @Inject
    EventPublisher publisher;

    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public long publish(@PathParam("channel") String channel, String body) {
        return publisher.publishRaw(channel, "message", body == null ? "" : body).position();
    }

    @GET
    @Path("/cursor")
    @Produces(MediaType.TEXT_PLAIN)
    public String cursor(@QueryParam("channel") List<String> channels) {
        return publisher.currentEventId(channels.toArray(String[]::new));
    }
}
