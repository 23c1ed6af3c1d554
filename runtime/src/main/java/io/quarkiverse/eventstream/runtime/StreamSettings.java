package io.quarkiverse.eventstream.runtime;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.vertx.core.buffer.Buffer;

/**
 * The per-stream settings derived once from {@link EventStreamRuntimeConfig}.
 */
record StreamSettings(int maxQueuedEvents, long keepAliveMillis, Buffer keepAliveFrame, Buffer openingFrames) {

    static StreamSettings of(EventStreamRuntimeConfig config) {
        Buffer keepAlive = Buffer.buffer(config.keepAlive().mode() == EventStreamRuntimeConfig.KeepAliveMode.EVENT
                ? SseEncoder.event(null, "keep-alive", "")
                : SseEncoder.comment(""));
        StringBuilder opening = new StringBuilder();
        if (config.padding() > 0) {
            opening.append(SseEncoder.comment(" ".repeat(config.padding())));
        }
        config.retry().ifPresent(retry -> opening.append(SseEncoder.retry(retry.toMillis())));
        opening.append(SseEncoder.event(null, "stream-open", ""));
        return new StreamSettings(Math.max(1, config.maxQueuedEvents()), config.keepAlive().interval().toMillis(),
                keepAlive, Buffer.buffer(opening.toString()));
    }
}
