package io.quarkiverse.eventstream.it.bus;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * A principal may read a private channel. Kept in the database every instance shares, so that all instances decide a
 * permission check the same way.
 */
@Entity
@Table(name = "bus_it_grant")
public class ChannelGrant extends PanacheEntity {

    public String principal;
    public String channel;

    static boolean exists(String principal, String channel) {
        return count("principal = ?1 and channel = ?2", principal, channel) > 0;
    }
}
