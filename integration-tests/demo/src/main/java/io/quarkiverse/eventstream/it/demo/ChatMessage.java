package io.quarkiverse.eventstream.it.demo;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A chat message as the demo publishes it (Jackson serializes it to JSON). {@code id} is the message's row id: pages
 * use it to show each message once when a reload of the history and the stream overlap.
 */
@RegisterForReflection
public record ChatMessage(long id, String author, String text, Instant at) {

    static ChatMessage of(ChatEntry entry) {
        return new ChatMessage(entry.id, entry.author, entry.text, entry.at);
    }
}
