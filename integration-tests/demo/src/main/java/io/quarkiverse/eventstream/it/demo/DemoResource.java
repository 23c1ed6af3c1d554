package io.quarkiverse.eventstream.it.demo;

import java.time.Instant;
import java.util.Map;

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
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;

/**
 * The demo's HTTP API: publish chat messages, publish raw events, count subscribers.
 */
@Path("/demo")
public class DemoResource {

    /** What a client posts to the chat. */
    public record NewMessage(String author, String text) {
    }

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> postMessage(NewMessage message) {
        if (message == null || message.text() == null || message.text().isBlank()) {
            throw new BadRequestException("text is required");
        }
        String author = message.author() == null || message.author().isBlank() ? "anonymous" : message.author();
        ChannelEvent event = publisher.publish("chat", "message", new ChatMessage(author, message.text(), Instant.now()));
        return Map.of("channel", event.channel(), "type", event.type());
    }

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

    @GET
    @Path("/subscribers/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public int subscribers(@PathParam("channel") String channel) {
        return streams.subscribers(channel);
    }
}
