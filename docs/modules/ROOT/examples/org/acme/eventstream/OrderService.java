package org.acme.eventstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkiverse.eventstream.EventPublisher;

/**
 * Creates orders and announces each one on the {@code orders} channel, in the same transaction.
 */
@ApplicationScoped
public class OrderService {

    // tag::transactional[]
    /**
     * The payload of an {@code order-created} event, sent as JSON.
     */
    public record OrderCreated(long id, String item) {
    }

    @Inject
    EventPublisher publisher;

    @Transactional
    public Order create(String item) {
        Order order = new Order();
        order.item = item;
        order.persist();
        // with the hibernate-orm store, the event is written in this transaction:
        // streams receive it after the commit, and never if the transaction rolls back
        publisher.publish("orders", "order-created", new OrderCreated(order.id, item));
        return order;
    }
    // end::transactional[]
}
