package org.acme.eventstream;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * An order of the example shop, stored with Hibernate ORM.
 */
@Entity
@Table(name = "shop_order")
public class Order extends PanacheEntity {

    public String item;
}
