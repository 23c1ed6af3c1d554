package io.quarkiverse.eventstream.it.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import io.quarkus.panache.common.Sort;

/**
 * A chat message as the demo keeps it: the application's own state, which a page reloads after a
 * {@code stream-reset} of the {@code chat} channel.
 */
@Entity
@Table(name = "demo_chat_message")
public class ChatEntry extends PanacheEntity {

    @Column(nullable = false, length = 100)
    public String author;

    @Column(nullable = false, length = 2000)
    public String text;

    @Column(nullable = false)
    public Instant at;

    /** The last {@code count} messages, oldest first. */
    static List<ChatEntry> latest(int count) {
        List<ChatEntry> messages = new ArrayList<>(ChatEntry.<ChatEntry> findAll(Sort.descending("id")).page(0, count).list());
        Collections.reverse(messages);
        return messages;
    }
}
