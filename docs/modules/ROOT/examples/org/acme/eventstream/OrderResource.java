package org.acme.eventstream;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.EventPublisher;

/**
 * {@code POST /orders} with a plain-text item creates an order; {@code GET /orders} returns what a page needs to show
 * the orders and then follow them live.
 */
@Path("/orders")
public class OrderResource {

    @Inject
    OrderService orders;

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public long create(String item) {
        return orders.create(item).id;
    }

    // tag::seed[]
    /**
     * The orders to render, and the event id to open the page's stream with.
     */
    public record OrdersPage(String lastEventId, List<Order> orders) {
    }

    @Inject
    EventPublisher publisher;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public OrdersPage page() {
        // the event id first, then the data: an order created in between is replayed to the page, never lost
        String lastEventId = publisher.currentEventId("orders");
        return new OrdersPage(lastEventId, Order.listAll());
    }
    // end::seed[]
}
