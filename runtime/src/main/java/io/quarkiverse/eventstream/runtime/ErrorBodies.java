package io.quarkiverse.eventstream.runtime;

import java.util.Collection;

/**
 * The JSON bodies of errors: {@code {"error":...,"message":...,"channels":[...]}} before a stream starts, and the
 * data of {@code stream-error} events after.
 */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static String httpError(String condition, String message, Collection<String> channels) {
        StringBuilder out = new StringBuilder("{\"error\":");
        string(out, condition).append(",\"message\":");
        string(out, message);
        return channels(out, channels).append('}').toString();
    }

    static String streamError(String condition, String message, Collection<String> channels) {
        StringBuilder out = new StringBuilder("{\"condition\":");
        string(out, condition).append(",\"message\":");
        string(out, message);
        return channels(out, channels).append('}').toString();
    }

    private static StringBuilder channels(StringBuilder out, Collection<String> channels) {
        if (channels.isEmpty()) {
            return out;
        }
        out.append(",\"channels\":[");
        boolean first = true;
        for (String channel : channels) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, channel);
        }
        return out.append(']');
    }

    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
