package io.quarkiverse.eventstream.runtime;

import java.util.List;

/**
 * The positions a stream has delivered for each of its stored channels, and the event id that encodes them.
 * Mutated only on the stream's context after the stream starts.
 */
final class StreamCursor {

    private final String epoch;
    private final String[] channels;
    private final String[] keys;
    private final long[] positions;

    StreamCursor(String epoch, List<String> channels, long[] positions) {
        this.epoch = epoch;
        this.channels = channels.toArray(String[]::new);
        this.keys = new String[this.channels.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = CursorCodec.key(this.channels[i]);
        }
        this.positions = positions;
    }

    int size() {
        return channels.length;
    }

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

    /** The {@code id:} line of the current positions. */
    String idLine() {
        return "id: " + id() + "\n";
    }
}
