package io.quarkiverse.eventstream.runtime.stream;

import java.util.List;

import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.quarkiverse.eventstream.runtime.wire.CursorCodec;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;

/**
 * The positions a stream has delivered for each of its stored channels, and the event id that encodes them. Confined
 * to the stream's event loop once the stream opened.
 */
final class StreamCursor {

    private final String epoch;
    private final String[] channels;
    private final String[] keys;
    private final long[] positions;
    // for a stream with one stored channel: its id is this prefix and the position, the same for all such streams
    private final String singlePrefix;

    /**
     * @param positions where each channel starts; the cursor keeps and changes this array
     */
    StreamCursor(String epoch, List<String> channels, long[] positions) {
        this.epoch = epoch;
        this.channels = channels.toArray(String[]::new);
        this.keys = new String[this.channels.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = CursorCodec.key(this.channels[i]);
        }
        this.positions = positions;
        // the same for every stream of the channel: one string for all of them, compared by identity first
        this.singlePrefix = keys.length == 1 ? CursorCodec.singleChannelPrefix(epoch, keys[0]).intern() : null;
    }

    int size() {
        return channels.length;
    }

    /**
     * @return the index of {@code channel}, or -1 when it is not a stored channel of the stream
     */
    int indexOf(String channel) {
        for (int i = 0; i < channels.length; i++) {
            if (channels[i].equals(channel)) {
                return i;
            }
        }
        return -1;
    }

    String channel(int index) {
        return channels[index];
    }

    long position(int index) {
        return positions[index];
    }

    void advance(int index, long position) {
        positions[index] = position;
    }

    /** The event id of the current positions, or {@code null} for a stream with no stored channel. */
    String id() {
        return channels.length == 0 ? null : CursorCodec.encode(epoch, keys, positions);
    }

    /**
     * Moves to {@code event} (of the channel at {@code index}) and appends it to {@code writer} with the id of the new
     * positions. A lone event of a stream with one stored channel goes out as the frame it shares with every other such
     * stream; in a burst, or on a stream of several stored channels, the id line is gathered with the event's body.
     */
    void append(StreamWriter writer, int index, EventFrame event) {
        positions[index] = event.position();
        if (singlePrefix != null && writer.isEmpty()) {
            writer.append(event.withSingleChannelId(singlePrefix));
            return;
        }
        writer.append(ControlFrames.idLine(singlePrefix != null ? singlePrefix + event.position() : id()));
        writer.append(event.body());
    }
}
