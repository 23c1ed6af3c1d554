package io.quarkiverse.eventstream.runtime.stream;

import java.util.concurrent.TimeUnit;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.vertx.core.buffer.Buffer;

/**
 * The per-stream settings, derived once from {@link EventStreamRuntimeConfig} (checked at startup).
 *
 * @param maxQueuedEvents live events a stream holds while it cannot write them
 * @param keepAliveNanos idle time before a keep-alive, 0 for none
 * @param preamble what a stream writes before {@code stream-open}: padding, {@code retry:}
 * @param replayPageSize events read from the store at a time
 */
public record StreamSettings(int maxQueuedEvents, long keepAliveNanos, Buffer keepAliveFrame, String preamble,
        int replayPageSize) {

    public static StreamSettings of(EventStreamRuntimeConfig config) {
        return new StreamSettings(config.maxQueuedEvents(), config.keepAlive().interval().toNanos(),
                ControlFrames.keepAlive(config.keepAlive().mode() == EventStreamRuntimeConfig.KeepAliveMode.EVENT),
                ControlFrames.preamble(config.padding(), config.retry().map(r -> r.toMillis()).orElse(-1L)),
                config.replay().pageSize());
    }

    long keepAliveMillis() {
        return TimeUnit.NANOSECONDS.toMillis(keepAliveNanos);
    }
}
