package io.quarkiverse.eventstream.it.orm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import io.quarkiverse.eventstream.runtime.store.EventPurgeJob;
import io.quarkus.hibernate.orm.panache.Panache;

/**
 * Test endpoints: publish, read cursors, age stored events and purge them.
 */
@Path("/test")
public class EventsResource {

    @Inject
    EventPublisher publisher;

    @Inject
    EventPurgeJob purgeJob;

    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public long publish(@PathParam("channel") String channel, @QueryParam("type") @DefaultValue("message") String type,
            String body) {
        return publisher.publishRaw(channel, type, body).position();
    }

    /** Publishes {@code count} events {@code <prefix><n>}, each committed on its own. */
    @POST
    @Path("/publish-many/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public long publishMany(@PathParam("channel") String channel, @QueryParam("count") int count,
            @QueryParam("from") @DefaultValue("1") int from) {
        long last = 0;
        for (int i = from; i < from + count; i++) {
            last = publisher.publishRaw(channel, "message", Integer.toString(i)).position();
        }
        return last;
    }

    @GET
    @Path("/cursor")
    @Produces(MediaType.TEXT_PLAIN)
    public String cursor(@QueryParam("channel") List<String> channels) {
        return publisher.currentEventId(channels.toArray(String[]::new));
    }

    /** Moves the creation time of a channel's first {@code count} events {@code seconds} into the past. */
    @POST
    @Path("/age/{channel}")
    @Transactional
    public int age(@PathParam("channel") String channel, @QueryParam("count") int count,
            @QueryParam("seconds") long seconds) {
        return Panache.getSession()
                .createMutationQuery("update EventRecord e set e.createdAt = :past where e.channel = :channel"
                        + " and e.position <= :count")
                .setParameter("past", Instant.now().minus(Duration.ofSeconds(seconds)))
                .setParameter("channel", channel).setParameter("count", (long) count).executeUpdate();
    }

    @POST
    @Path("/purge")
    @Produces(MediaType.TEXT_PLAIN)
    public long purge() {
        return purgeJob.purge();
    }

    @GET
    @Path("/rows/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    @Transactional
    public long rows(@PathParam("channel") String channel) {
        return Panache.getSession()
                .createSelectionQuery("select count(e) from EventRecord e where e.channel = :channel", Long.class)
                .setParameter("channel", channel).getSingleResult();
    }
}
