package io.quarkiverse.eventstream.it.orm;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Business methods that publish inside their transaction: the event exists only if the order does.
 */
@Path("/orders")
public class OrderResource {

    private static volatile CountDownLatch release = new CountDownLatch(0);

    @Inject
    EventPublisher publisher;

    @POST
    @Path("/{item}")
    @Transactional
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> create(@PathParam("item") String item, @QueryParam("fail") boolean fail) {
        Order order = new Order();
        order.item = item;
        order.persist();
        ChannelEvent event = publisher.publish("orders", "order-created", Map.of("id", order.id, "item", item));
        if (fail) {
            throw new IllegalStateException("payment refused");
        }
        return Map.of("id", order.id, "position", event.position());
    }

    /** Marks the transaction for rollback (as a caught persistence error would), then publishes. */
    @POST
    @Path("/doomed/{item}")
    @Transactional
    public void createDoomed(@PathParam("item") String item) {
        Order order = new Order();
        order.item = item;
        order.persist();
        QuarkusTransaction.setRollbackOnly();
        publisher.publish("orders", "order-created", Map.of("id", order.id, "item", item));
    }

    /** Publishes, then keeps the transaction open until {@code /orders/release} is called (at most 20 s). */
    @POST
    @Path("/held/{item}")
    @Transactional
    public void createHeld(@PathParam("item") String item) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        release = latch;
        Order order = new Order();
        order.item = item;
        order.persist();
        publisher.publish("orders", "order-created", Map.of("id", order.id, "item", item));
        latch.await(20, TimeUnit.SECONDS);
    }

    @POST
    @Path("/release")
    public void release() {
        release.countDown();
    }

    @GET
    @Path("/count/{item}")
    public long count(@PathParam("item") String item) {
        return Order.count("item", item);
    }
}
