package io.quarkiverse.eventstream.it.demo;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
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
 * The demo's HTTP API: post and list chat messages, publish htmx fragments and raw events, count subscribers.
 */
@Path("/demo")
public class DemoResource {

    /** How many chat messages {@code GET /demo/messages} returns. */
    static final int HISTORY = 50;

    /** What a client posts to the chat. */
    public record NewMessage(String author, String text) {
    }

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    /** Stores the message and publishes it to {@code chat} in one transaction: streams see it once it is committed. */
    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> postMessage(NewMessage message) {
        if (message == null || message.text() == null || message.text().isBlank()) {
            throw new BadRequestException("text is required");
        }
        ChatEntry entry = new ChatEntry();
        entry.author = message.author() == null || message.author().isBlank() ? "anonymous" : message.author();
        entry.text = message.text();
        entry.at = Instant.now();
        entry.persist();
        ChannelEvent event = publisher.publish("chat", "message", ChatMessage.of(entry));
        return Map.of("id", entry.id, "channel", event.channel(), "type", event.type(), "position", event.position());
    }

    /** The last {@value #HISTORY} chat messages, oldest first: what a page shows after a reset of {@code chat}. */
    @GET
    @Path("/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public List<ChatMessage> messages() {
        return ChatEntry.latest(HISTORY).stream().map(ChatMessage::of).toList();
    }

    /**
     * Publishes an HTML fragment to {@code fragments} (event type {@code fragment}), which the page's htmx section
     * swaps in; htmx posts the form here.
     */
    @POST
    @Path("/fragments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public void postFragment(@FormParam("text") String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("text is required");
        }
        LocalTime at = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        publisher.publishRaw("fragments", "fragment",
                "<li class=\"fragment\"><time>" + at + "</time> " + Html.escape(text) + "</li>");
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
