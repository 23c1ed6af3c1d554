package io.quarkiverse.eventstream.runtime.store;

import io.vertx.core.buffer.Buffer;

/**
 * A stored event ready to be written again: its position, and its frame without the {@code id:} line (each stream
 * writes its own), encoded once and shared by every stream that replays it. Nobody writes to {@code body}.
 */
public record ReplayedEvent(long position, Buffer body) {
}
