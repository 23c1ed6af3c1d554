package io.quarkiverse.eventstream.bench.server;

import java.util.List;
import java.util.Locale;

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

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.bench.driver.PublishDriver;

/**
 * Control endpoints of the server under test; its streams are the extension's built-in endpoint,
 * {@code GET /events/{channel}}.
 */
@Path("/bench")
public class BenchResource {

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    @Inject
    SessionFactory sessionFactory;

    @GET
    @Path("/ready")
    @Produces(MediaType.TEXT_PLAIN)
    public String ready() {
        return "eventstream";
    }

    /** Publishes timestamped events at a rate; see {@link PublishDriver}. */
    @POST
    @Path("/drive")
    @Produces(MediaType.APPLICATION_JSON)
    public String drive(@QueryParam("prefix") String prefix, @QueryParam("channels") @DefaultValue("1") int channels,
            @QueryParam("rate") double rate, @QueryParam("seconds") double seconds,
            @QueryParam("size") @DefaultValue("100") int size, @QueryParam("threads") @DefaultValue("16") int threads)
            throws InterruptedException {
        return PublishDriver.run((channel, data) -> publisher.publishRaw(channel, "message", data), prefix, channels,
                rate, seconds, size, threads);
    }

    @POST
    @Path("/publish/{channel}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public long publish(@PathParam("channel") String channel, String body) {
        return publisher.publishRaw(channel, "message", body).position();
    }

    /** Publishes {@code count} events {@code <n>}, each committed on its own. */
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

    /** Open streams and what Hibernate ORM sent to the database since start. */
    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public String stats() {
        Statistics s = sessionFactory.getStatistics();
        return String.format(Locale.ROOT,
                "{\"openStreams\":%d,\"statements\":%d,\"queries\":%d,\"transactions\":%d,\"inserts\":%d,"
                        + "\"connections\":%d}",
                streams.openStreams(), s.getPrepareStatementCount(), s.getQueryExecutionCount(),
                s.getTransactionCount(), s.getEntityInsertCount(), s.getConnectCount());
    }
}
