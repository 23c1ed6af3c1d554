package io.quarkiverse.eventstream.bench.baseline;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkiverse.eventstream.bench.driver.PublishDriver;

/**
 * The baseline: what a Quarkus user writes by hand today, one {@link SseBroadcaster} per channel. No ids, no replay,
 * no keep-alive, no permissions; the same paths as the server under test.
 */
@Path("/")
@ApplicationScoped
public class BroadcastResource {

    private final ConcurrentHashMap<String, SseBroadcaster> broadcasters = new ConcurrentHashMap<>();

    @GET
    @Path("/events/{channel}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("channel") String channel, @Context SseEventSink sink, @Context Sse sse) {
        broadcasters.computeIfAbsent(channel, c -> sse.newBroadcaster()).register(sink);
    }

    @GET
    @Path("/bench/ready")
    @Produces(MediaType.TEXT_PLAIN)
    public String ready() {
        return "broadcaster";
    }

    /** Publishes timestamped events at a rate; see {@link PublishDriver}. */
    @POST
    @Path("/bench/drive")
    @Produces(MediaType.APPLICATION_JSON)
    public String drive(@QueryParam("prefix") String prefix, @QueryParam("channels") @DefaultValue("1") int channels,
            @QueryParam("rate") double rate, @QueryParam("seconds") double seconds,
            @QueryParam("size") @DefaultValue("100") int size, @QueryParam("threads") @DefaultValue("1") int threads,
            @Context Sse sse) throws InterruptedException {
        return PublishDriver.run((channel, data) -> {
            SseBroadcaster broadcaster = broadcasters.get(channel);
            if (broadcaster != null) {
                broadcaster.broadcast(sse.newEvent(data));
            }
        }, prefix, channels, rate, seconds, size, threads);
    }
}
