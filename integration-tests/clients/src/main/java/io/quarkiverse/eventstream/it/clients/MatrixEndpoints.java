package io.quarkiverse.eventstream.it.clients;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.EventPublisher;

/**
 * What the matrix driver drives the application with. Unsecured on purpose: this application exists only for the
 * matrix.
 */
@Path("/matrix")
public class MatrixEndpoints {

    @Inject
    EventPublisher publisher;

    @Inject
    MatrixChannels channels;

    /**
     * Publishes the body as it is.
     *
     * @return the event's position in its channel
     */
    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public long publish(@PathParam("channel") String channel,
            @QueryParam("type") @DefaultValue(EventPublisher.DEFAULT_TYPE) String type, String body) {
        return publisher.publishRaw(channel, type, body == null ? "" : body).position();
    }

    /** The event id that positions a stream at "now" on {@code channel}. */
    @GET
    @Path("/cursor/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public String cursor(@PathParam("channel") String channel) {
        return publisher.currentEventId(channel);
    }

    /** How many stream requests named {@code channel}. */
    @GET
    @Path("/requests/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public int requests(@PathParam("channel") String channel) {
        return channels.requests(channel);
    }
}
