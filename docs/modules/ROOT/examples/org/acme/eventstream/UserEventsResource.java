package org.acme.eventstream;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkiverse.eventstream.EventStreams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code GET /me/events} streams the channel of the authenticated caller, {@code user-<name>}.
 */
@Path("/me/events")
@Authenticated
public class UserEventsResource {

    @Inject
    EventStreams streams;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink) {
        streams.stream(sink, List.of(UserNotifier.channelOf(identity.getPrincipal().getName())));
    }
}
