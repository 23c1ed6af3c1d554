package io.quarkiverse.eventstream.it.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * An application entity written in the same transaction as the event announcing it.
 */
@Entity
@Table(name = "shop_order")
public class Order extends PanacheEntity {

    public String item;
}
