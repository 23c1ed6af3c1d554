package io.quarkiverse.eventstream.runtime.wire;

import io.vertx.core.buffer.Buffer;

/**
 * One event encoded for the wire, once, and shared by every stream that writes it: its {@code event:} and
 * {@code data:} lines. A stream puts its own {@code id:} line in front of an event of a stored channel. For streams
 * whose only stored channel is the event's channel, that line is the same for all of them, so the frame keeps the
 * whole event, {@code id:} line included, built by the first stream that needs it: ten thousand streams of one channel
 * write one buffer.
 * <p>
 * Thread-safe. Nobody writes into the buffers; Vert.x writes a slice of them.
 */
public final class EventFrame {

    private final String channel;
    private final long position;
    private final Buffer body;
    // the whole event for streams whose only stored channel this is, and the cursor prefix it was built with
    private volatile SingleChannel single;

    private record SingleChannel(String cursorPrefix, Buffer frame) {
    }

    private EventFrame(String channel, long position, Buffer body) {
        this.channel = channel;
        this.position = position;
        this.body = body;
    }

    /**
     * @param position the event's position in its channel, {@code 0} for an event that is not stored
     * @param type a checked event type
     * @param data the payload
     */
    public static EventFrame encode(String channel, long position, String type, String data) {
        return new EventFrame(channel, position, Buffer.buffer(SseEncoder.event(null, type, data)));
    }

    public String channel() {
        return channel;
    }

    /**
     * @return the event's position in its channel, {@code 0} when it is not stored
     */
    public long position() {
        return position;
    }

    /**
     * @return the {@code event:} and {@code data:} lines and the blank line that ends the event
     */
    public Buffer body() {
        return body;
    }

    /**
     * The whole event for a stream whose only stored channel is this event's channel.
     *
     * @param cursorPrefix the stream's {@link CursorCodec#singleChannelPrefix(String, String) cursor prefix}
     * @return the {@code id:} line of the stream's cursor at this event, then the body
     */
    public Buffer withSingleChannelId(String cursorPrefix) {
        SingleChannel cached = single;
        if (cached != null && cached.cursorPrefix.equals(cursorPrefix)) {
            return cached.frame;
        }
        String idLine = "id: " + cursorPrefix + position + '\n';
        Buffer frame = Buffer.buffer(idLine.length() + body.length()).appendString(idLine).appendBuffer(body);
        // streams built from the same store share one prefix; a race only builds the same bytes twice
        single = new SingleChannel(cursorPrefix, frame);
        return frame;
    }
}
