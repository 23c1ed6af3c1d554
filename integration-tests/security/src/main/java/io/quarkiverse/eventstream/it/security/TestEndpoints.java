package io.quarkiverse.eventstream.it.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What the tests drive the application with. Unsecured on purpose: this application exists only for its tests.
 */
@Path("/")
public class TestEndpoints {

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    @Inject
    TeamChannels channels;

    @Inject
    SecurityIdentity identity;

    /** Publishes the request body as it is, with the type {@code message}. */
    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    public void publish(@PathParam("channel") String channel, String body) {
        try {
            publisher.publishRaw(channel, EventPublisher.DEFAULT_TYPE, body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /**
     * Takes {@code user} out of the team channel {@code channel} and closes their open streams on it.
     *
     * @return the number of streams closed
     */
    @POST
    @Path("/membership/remove")
    @Produces(MediaType.TEXT_PLAIN)
    public int removeMember(@QueryParam("user") String user, @QueryParam("channel") String channel) {
        if (user == null || channel == null) {
            throw new BadRequestException("user and channel are required");
        }
        channels.remove(user, channel);
        return publisher.permissionChanged(user, channel);
    }

    /** The number of open streams of this instance. */
    @GET
    @Path("/streams/open")
    @Produces(MediaType.TEXT_PLAIN)
    public int openStreams() {
        return streams.openStreams();
    }

    /** The number of open streams subscribed to {@code channel}. */
    @GET
    @Path("/streams/subscribers/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public int subscribers(@PathParam("channel") String channel) {
        return streams.subscribers(channel);
    }

    /** The caller's principal name, {@code anonymous} when none. */
    @GET
    @Path("/whoami")
    @Produces(MediaType.TEXT_PLAIN)
    public String whoami() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
