package io.quarkiverse.eventstream.runtime.store.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The position counter of one channel: row of {@code eventstream_channel}. Appending an event increments it under a
 * row lock held until the publishing transaction ends, so a channel's events commit in position order and a client
 * never skips one that commits late. A row with a name no channel can have holds the store's epoch.
 */
@Entity
@Table(name = "eventstream_channel")
public class ChannelRecord extends PanacheEntityBase {

    @Id
    @Column(name = "channel", length = 128)
    public String channel;

    @Column(name = "position", nullable = false)
    public long position;

    /**
     * Moves the counter {@code count} positions on and returns where it stood. The write happens inside the entity, where
     * Hibernate's bytecode enhancement tracks it, so the change is flushed; a field written from another class is not.
     */
    long take(int count) {
        long first = position;
        position = first + count;
        return first;
    }
}
