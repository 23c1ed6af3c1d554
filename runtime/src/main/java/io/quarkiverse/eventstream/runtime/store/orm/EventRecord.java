package io.quarkiverse.eventstream.runtime.store.orm;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One stored event: row of {@code eventstream_event}. Replay reads by {@code (channel, position)}, the purge by
 * {@code created_at}.
 */
@Entity
@Table(name = "eventstream_event", uniqueConstraints = @UniqueConstraint(name = "eventstream_event_channel_position", columnNames = {
        "channel", "position" }), indexes = @Index(name = "eventstream_event_created_at", columnList = "created_at"))
public class EventRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "eventstream_event_seq")
    @SequenceGenerator(name = "eventstream_event_seq", sequenceName = "eventstream_event_seq", allocationSize = 50)
    @Column(name = "id")
    public Long id;

    @Column(name = "channel", nullable = false, length = 128)
    public String channel;

    @Column(name = "position", nullable = false)
    public long position;

    @Column(name = "type", nullable = false, length = 1024)
    public String type;

    @Column(name = "data", nullable = false, columnDefinition = "text")
    public String data;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
