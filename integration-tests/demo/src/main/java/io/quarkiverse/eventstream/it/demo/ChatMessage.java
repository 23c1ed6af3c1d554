package io.quarkiverse.eventstream.it.demo;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A chat message as the demo publishes it (Jackson serializes it to JSON).
 */
@RegisterForReflection
public record ChatMessage(String author, String text, Instant at) {
}
