package io.quarkiverse.eventstream.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Turns the bytes of a {@code text/event-stream} body into {@link StreamEvent}s, following the WHATWG HTML "Server-sent
 * events" parsing rules: an optional UTF-8 byte order mark at the start, lines ended by CR, LF or CRLF (also when a
 * chunk ends between CR and LF), comment lines ignored, an event dispatched on a blank line only when data was seen,
 * an {@code id} containing NUL ignored, a {@code retry} of ASCII digits only.
 * <p>
 * Lines are cut on bytes (CR and LF never occur inside a multi-byte UTF-8 sequence) and decoded once complete, so a
 * character split across chunks is decoded correctly. One parser reads one response; it is not thread-safe.
 */
public final class SseParser {

    private final Consumer<StreamEvent> events;
    private final LongConsumer retries;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean sawData;
    private String type;
    private String id;
    private Long retry;
    private String lastEventId;
    private boolean atStart = true;
    private boolean afterCr;

    /**
     * @param events receives every dispatched event, on the thread that calls {@link #feed}
     * @param retries receives every valid {@code retry} value in milliseconds as soon as its line is read (the
     *        reconnection time applies even when no event follows)
     */
    public SseParser(Consumer<StreamEvent> events, LongConsumer retries) {
        this.events = events;
        this.retries = retries;
    }

    /**
     * Parses the next chunk of the body.
     *
     * @param bytes the chunk, any length, split anywhere
     */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** Parses {@code length} bytes of {@code bytes} from {@code offset}. */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false;
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                endLine();
                afterCr = true;
            } else {
                afterCr = false;
                line.write(b);
            }
        }
    }

    /**
     * @return the last event id buffer of the stream (it persists from event to event), or {@code null} when no
     *         {@code id} field was seen; an empty string when the server cleared it
     */
    public String lastEventId() {
        return lastEventId;
    }

    private void endLine() {
        byte[] raw = line.toByteArray();
        line.reset();
        int start = 0;
        if (atStart) {
            atStart = false;
            if (raw.length >= 3 && (raw[0] & 0xFF) == 0xEF && (raw[1] & 0xFF) == 0xBB && (raw[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        String text = new String(raw, start, raw.length - start, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            dispatch();
        } else if (text.charAt(0) != ':') {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = "";
            if (colon >= 0) {
                int from = colon + 1;
                if (from < text.length() && text.charAt(from) == ' ') {
                    from++;
                }
                value = text.substring(from);
            }
            field(field, value);
        }
    }

    private void field(String name, String value) {
        switch (name) {
            case "event":
                type = value;
                break;
            case "data":
                data.append(value).append('\n');
                sawData = true;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    id = value;
                    lastEventId = value;
                }
                break;
            case "retry":
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        retry = Long.parseLong(value);
                        retries.accept(retry);
                    } catch (NumberFormatException tooLarge) {
                        // more digits than a long holds: ignored like any other invalid value
                    }
                }
                break;
            default:
                // unknown fields are ignored
        }
    }

    private void dispatch() {
        if (sawData) {
            data.setLength(data.length() - 1);
            String eventType = type == null || type.isEmpty() ? StreamEvent.MESSAGE : type;
            events.accept(new StreamEvent(id, eventType, data.toString(), retry));
        }
        data.setLength(0);
        sawData = false;
        type = null;
        id = null;
        retry = null;
    }
}
