package io.quarkiverse.eventstream.runtime;

import java.util.List;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.vertx.core.buffer.Buffer;

/**
 * The per-stream settings derived once from {@link EventStreamRuntimeConfig}.
 */
record StreamSettings(int maxQueuedEvents, long keepAliveMillis, Buffer keepAliveFrame, String preamble,
        int replayPageSize) {

    static StreamSettings of(EventStreamRuntimeConfig config) {
        Buffer keepAlive = Buffer.buffer(config.keepAlive().mode() == EventStreamRuntimeConfig.KeepAliveMode.EVENT
                ? SseEncoder.event(null, "keep-alive", "")
                : SseEncoder.comment(""));
        StringBuilder preamble = new StringBuilder();
        if (config.padding() > 0) {
            preamble.append(SseEncoder.comment(" ".repeat(config.padding())));
        }
        config.retry().ifPresent(retry -> preamble.append(SseEncoder.retry(retry.toMillis())));
        return new StreamSettings(Math.max(1, config.maxQueuedEvents()), config.keepAlive().interval().toMillis(),
                keepAlive, preamble.toString(), Math.max(1, config.replay().pageSize()));
    }

    /**
     * The first bytes of a stream: padding, {@code retry:}, {@code stream-open}, then one {@code stream-reset} naming
     * the channels whose cursor could not be honoured.
     */
    /**
     * A {@code stream-reset} event naming {@code channels}, whose history the stream cannot deliver.
     */
    static String resetEvent(String id, List<String> channels) {
        StringBuilder data = new StringBuilder("{\"channels\":[");
        for (int i = 0; i < channels.size(); i++) {
            ErrorBodies.string(i == 0 ? data : data.append(','), channels.get(i));
        }
        return SseEncoder.event(id, "stream-reset", data.append("]}").toString());
    }

    Buffer openingFrames(String id, List<String> resetChannels) {
        StringBuilder out = new StringBuilder(preamble).append(SseEncoder.event(id, "stream-open", ""));
        if (!resetChannels.isEmpty()) {
            out.append(resetEvent(id, resetChannels));
        }
        return Buffer.buffer(out.toString());
    }
}
