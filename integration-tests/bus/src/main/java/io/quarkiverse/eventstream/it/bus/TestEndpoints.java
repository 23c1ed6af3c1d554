package io.quarkiverse.eventstream.it.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;

/**
 * What the tests drive each instance with. Unsecured on purpose: this application exists only for its tests.
 */
@Path("/test")
public class TestEndpoints {

    @Inject
    EventPublisher publisher;

    /**
     * Publishes the body as it is, type {@code message}.
     *
     * @return the event's position in its channel
     */
    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public long publish(@PathParam("channel") String channel, String body) {
        return publisher.publishRaw(channel, EventPublisher.DEFAULT_TYPE, body == null ? "" : body).position();
    }

    /**
     * Publishes {@code count} events with the data {@code <prefix>0} to {@code <prefix><count-1>}, as fast as
     * {@code threads} threads can, each event committed on its own.
     *
     * @return the number of events published
     */
    @POST
    @Path("/burst/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public int burst(@PathParam("channel") String channel, @QueryParam("count") int count,
            @QueryParam("threads") @DefaultValue("1") int threads, @QueryParam("prefix") @DefaultValue("") String prefix)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        publisher.publishRaw(channel, EventPublisher.DEFAULT_TYPE, prefix + i);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        return count;
    }

    /**
     * Publishes the body inside a transaction that then rolls back: no instance may see the event.
     *
     * @return the position the event had in the rolled-back transaction
     */
    @POST
    @Path("/publish-rolled-back/{channel}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public long publishRolledBack(@PathParam("channel") String channel, String body) {
        long[] position = new long[1];
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                position[0] = publisher.publishRaw(channel, EventPublisher.DEFAULT_TYPE, body).position();
                QuarkusTransaction.setRollbackOnly();
            });
        } catch (QuarkusTransactionException expected) {
            // rolled back, as asked
        }
        return position[0];
    }

    /** Lets {@code user} read the private {@code channel}. */
    @POST
    @Path("/grant/{user}/{channel}")
    public void grant(@PathParam("user") String user, @PathParam("channel") String channel) {
        QuarkusTransaction.requiringNew().run(() -> {
            ChannelGrant grant = new ChannelGrant();
            grant.principal = user;
            grant.channel = channel;
            grant.persist();
        });
    }

    /**
     * Takes {@code channel} away from {@code user}, then ends their streams on it, on every instance.
     *
     * @return the number of streams ended on this instance
     */
    @POST
    @Path("/revoke/{user}/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public int revoke(@PathParam("user") String user, @PathParam("channel") String channel) {
        QuarkusTransaction.requiringNew()
                .run(() -> ChannelGrant.delete("principal = ?1 and channel = ?2", user, channel));
        return publisher.permissionChanged(user, channel);
    }

    /** The event id that positions a stream at "now" on {@code channel}. */
    @GET
    @Path("/cursor")
    @Produces(MediaType.TEXT_PLAIN)
    public String cursor(@QueryParam("channel") List<String> channels) {
        return publisher.currentEventId(channels.toArray(String[]::new));
    }
}
