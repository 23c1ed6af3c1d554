package io.quarkiverse.eventstream.runtime.http;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * The built-in endpoint. The build generates a subclass annotated with {@code @Path(quarkus.eventstream.path)}.
 */
public abstract class BuiltInEndpointResource extends EndpointResource {

    /**
     * {@code GET <path>?channel=a&channel=b}: the channels the client chose.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void streamQueryChannels(@Context SseEventSink sink) {
        responder().openEndpoint(null, Map.of(), sink);
    }

    /**
     * {@code GET <path>/<channel>}: one channel named in the path.
     */
    @GET
    @Path("{channel: .+}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void streamPathChannel(@PathParam("channel") String channel, @Context SseEventSink sink) {
        responder().openEndpoint(null, Map.of("channel", channel), sink);
    }

    /**
     * {@code HEAD} would open a stream with no body to write it to: refused like the other methods.
     */
    @HEAD
    public Response headQueryChannels() {
        return methodNotAllowed();
    }

    /**
     * {@code HEAD} of a channel path: refused.
     */
    @HEAD
    @Path("{channel: .+}")
    public Response headPathChannel() {
        return methodNotAllowed();
    }

    /**
     * Any other method on {@code <path>}: {@code 405}.
     */
    @Path("")
    public Object otherMethodsQueryChannels() {
        return refuseOtherMethods();
    }

    /**
     * Any other method on {@code <path>/<channel>}: {@code 405}.
     */
    @Path("{channel: .+}")
    public Object otherMethodsPathChannel() {
        return refuseOtherMethods();
    }

    /**
     * CORS preflight of {@code GET <path>}.
     */
    @OPTIONS
    public Response preflightQueryChannels() {
        return responder().preflight();
    }

    /**
     * CORS preflight of {@code GET <path>/<channel>}.
     */
    @OPTIONS
    @Path("{channel: .+}")
    public Response preflightPathChannel() {
        return responder().preflight();
    }
}
