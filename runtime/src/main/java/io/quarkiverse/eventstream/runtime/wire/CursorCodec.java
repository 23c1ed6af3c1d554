package io.quarkiverse.eventstream.runtime.wire;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event id that streams send and clients return as {@code Last-Event-ID}: the position of every reliable channel
 * of the stream, and the epoch of the store, in one token of CORS-safe bytes.
 * <p>
 * Form: {@code <epoch>.<key>~<position>(.<key>~<position>)*}, where {@code key} is 7 base64url characters of the
 * SHA-256 of the channel name, so the token stays short whatever the names (about 16 bytes per channel, 67 for four
 * channels) and uses only {@code [A-Za-z0-9._~-]}. The channel names come from the stream itself (its request), so
 * the key only has to tell them apart. django-eventstream's {@code chan:5,chan2:9} (names percent-encoded) is
 * accepted on input.
 * <p>
 * Pure functions, thread-safe.
 */
public final class CursorCodec {

    /** The longest cursor accepted on input. */
    public static final int MAX_LENGTH = 2048;

    private static final Base64.Encoder KEY_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CursorCodec() {
    }

    /** A parsed cursor. {@code epoch} is {@code null} for the django form, which carries none. */
    public record Parsed(String epoch, Map<String, Long> positions) {
    }

    /** Thrown for a cursor that cannot be parsed, or that names channels the stream does not have. */
    public static final class InvalidCursorException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidCursorException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @return the key that stands for {@code channel} inside a cursor
     */
    public static String key(String channel) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(channel.getBytes(StandardCharsets.UTF_8));
            return KEY_ENCODER.encodeToString(digest).substring(0, 7);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * @param epoch the store's epoch
     * @param keys the channel keys ({@link #key(String)}), in the stream's order
     * @param positions the positions, same order
     */
    public static String encode(String epoch, String[] keys, long[] positions) {
        StringBuilder out = new StringBuilder(epoch.length() + keys.length * 18).append(epoch);
        for (int i = 0; i < keys.length; i++) {
            out.append('.').append(keys[i]).append('~').append(positions[i]);
        }
        return out.toString();
    }

    /**
     * The start of the cursor of a stream with one stored channel: that cursor is this prefix followed by the position.
     *
     * @param epoch the store's epoch
     * @param key the channel's key ({@link #key(String)})
     */
    public static String singleChannelPrefix(String epoch, String key) {
        return epoch + '.' + key + '~';
    }

    /**
     * Parses a cursor received from a client.
     *
     * @param value the {@code Last-Event-ID} header or {@code lastEventId} query value, not empty
     * @param channels the reliable channels of the stream
     * @return the epoch and the position of each channel the cursor names
     * @throws InvalidCursorException if the cursor is malformed, too long, or names a channel not in {@code channels}
     */
    public static Parsed parse(String value, Collection<String> channels) throws InvalidCursorException {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidCursorException("the cursor is longer than " + MAX_LENGTH + " characters");
        }
        return value.indexOf(':') >= 0 ? parseDjango(value, channels) : parseNative(value, channels);
    }

    private static Parsed parseNative(String value, Collection<String> channels) throws InvalidCursorException {
        String[] parts = value.split("\\.", -1);
        String epoch = parts[0];
        if (epoch.isEmpty() || !isAlphanumeric(epoch) || parts.length < 2) {
            throw new InvalidCursorException("the cursor is not of the form <epoch>.<key>~<position>");
        }
        Map<String, String> byKey = new HashMap<>();
        for (String channel : channels) {
            byKey.put(key(channel), channel);
        }
        Map<String, Long> positions = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int tilde = parts[i].indexOf('~');
            if (tilde != 7) {
                throw new InvalidCursorException("the cursor has a malformed entry");
            }
            String channel = byKey.get(parts[i].substring(0, tilde));
            if (channel == null) {
                throw new InvalidCursorException("the cursor names a channel this stream does not have");
            }
            putOnce(positions, channel, position(parts[i].substring(tilde + 1)));
        }
        return new Parsed(epoch, positions);
    }

    private static Parsed parseDjango(String value, Collection<String> channels) throws InvalidCursorException {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (String entry : value.split(",", -1)) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new InvalidCursorException("the cursor has a malformed channel:position entry");
            }
            String channel;
            try {
                channel = URLDecoder.decode(entry.substring(0, colon), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidCursorException("the cursor has a malformed channel name");
            }
            if (!channels.contains(channel)) {
                throw new InvalidCursorException("the cursor names a channel this stream does not have");
            }
            putOnce(positions, channel, position(entry.substring(colon + 1)));
        }
        return new Parsed(null, positions);
    }

    private static void putOnce(Map<String, Long> positions, String channel, long position)
            throws InvalidCursorException {
        if (positions.putIfAbsent(channel, position) != null) {
            // which of the two positions would the client mean?
            throw new InvalidCursorException("the cursor names a channel twice");
        }
    }

    private static long position(String digits) throws InvalidCursorException {
        if (digits.isEmpty() || digits.length() > 19) {
            throw new InvalidCursorException("the cursor has a malformed position");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidCursorException("the cursor has a malformed position");
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidCursorException("the cursor has a malformed position");
        }
    }

    private static boolean isAlphanumeric(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }
}
