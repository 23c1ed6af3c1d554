package io.quarkiverse.eventstream.runtime.wire;

/**
 * Encodes Server-Sent Events as the documentation's wire-format page describes them: {@code \n} line ends, one blank
 * line after each event, payload line breaks (CR, LF or CRLF) split into several {@code data:} lines, fields that
 * cannot hold a line break refused.
 * <p>
 * Pure functions, thread-safe.
 */
public final class SseEncoder {

    private SseEncoder() {
    }

    /**
     * Checks a single-line field (event type, id) before it is published.
     *
     * @param field the field's name, used in the error message
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException if the value is {@code null}, empty, or contains CR, LF or NUL
     */
    public static String checkField(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Event " + field + " must not be null or empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("Event " + field + " must not contain CR, LF or NUL (found "
                        + (c == '\0' ? "NUL" : c == '\r' ? "CR" : "LF") + " at index " + i + ")");
            }
        }
        return value;
    }

    /**
     * Checks an event's payload before it is published.
     *
     * @param data the payload, never {@code null}
     * @return {@code data}
     * @throws IllegalArgumentException if the payload contains NUL (U+0000), which not every store can keep
     */
    public static String checkData(String data) {
        int nul = data.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException("Event data must not contain NUL (U+0000), found at index " + nul
                    + ": stores such as PostgreSQL's text columns cannot keep it");
        }
        return data;
    }

    /**
     * Encodes one event.
     *
     * @param id the {@code id:} field, or {@code null} for none; must be a checked single-line value
     * @param type the {@code event:} field, or {@code null} for none; must be a checked single-line value
     * @param data the payload, never {@code null}; an empty payload gives one empty {@code data:} line
     * @return the event, terminated by a blank line
     */
    public static String event(String id, String type, String data) {
        StringBuilder out = new StringBuilder(data.length() + 32 + (type == null ? 0 : type.length()));
        if (id != null) {
            field(out, "id", id);
        }
        if (type != null) {
            field(out, "event", type);
        }
        appendData(out, data);
        return out.append('\n').toString();
    }

    /**
     * Encodes a comment line: {@code :} followed by {@code text}, with no blank line after it. A blank line after a comment
     * would end an empty event, which every WHATWG parser drops but {@code @microsoft/fetch-event-source} and
     * {@code httpx-sse} hand to the application as an empty message; a comment line alone is ignored by all of them.
     *
     * @param text the comment text, must not contain CR or LF
     */
    public static String comment(String text) {
        return ":" + text + "\n";
    }

    /**
     * Encodes a {@code retry:} field line (no blank line: it precedes an event).
     *
     * @param millis the reconnection delay in milliseconds, not negative
     */
    public static String retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + millis);
        }
        return "retry: " + millis + "\n";
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append('\n');
    }

    private static void appendData(StringBuilder out, String data) {
        int start = 0;
        int length = data.length();
        for (int i = 0; i < length; i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                dataLine(out, data, start, i);
                if (c == '\r' && i + 1 < length && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        dataLine(out, data, start, length);
    }

    private static void dataLine(StringBuilder out, String data, int start, int end) {
        if (start == end) {
            out.append("data:\n");
        } else {
            // the space after the colon keeps a payload that starts with a space intact
            out.append("data: ").append(data, start, end).append('\n');
        }
    }
}
