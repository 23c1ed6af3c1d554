package io.quarkiverse.eventstream.it;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;

/**
 * An application without Hibernate ORM: publish raw events, stream a room together with the chat through
 * {@link EventStreams}, count subscribers.
 */
@Path("/app")
public class StreamResource {

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    public void publishRaw(@PathParam("channel") String channel, @QueryParam("type") @DefaultValue("message") String type,
            String body) {
        try {
            publisher.publishRaw(channel, type, body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** An application-computed stream: one room plus the chat. */
    @GET
    @Path("/rooms/{room}/with-chat")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void roomWithChat(@PathParam("room") String room, @Context SseEventSink sink) {
        streams.stream(sink, List.of("room-" + room, "chat"));
    }

    @GET
    @Path("/subscribers/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public int subscribers(@PathParam("channel") String channel) {
        return streams.subscribers(channel);
    }
}
