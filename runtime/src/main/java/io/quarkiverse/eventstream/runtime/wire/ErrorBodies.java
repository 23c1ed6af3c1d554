package io.quarkiverse.eventstream.runtime.wire;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The JSON the protocol itself writes: the body of a refused request
 * ({@code {"error":...,"message":...,"channels":[...]}}), the data of a {@code stream-error} event
 * ({@code {"condition":...,"message":...,"channels":[...]}}) and of a {@code stream-reset} event
 * ({@code {"channels":[...]}}).
 * <p>
 * Written with Jackson's streaming generator, not with the application's {@code ObjectMapper}: its customizers shape
 * the application's payloads, never the protocol. Pure functions, thread-safe.
 */
public final class ErrorBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private ErrorBodies() {
    }

    /**
     * @param channels the channels the error is about; the member is left out when empty
     * @return the body of a refused request
     */
    public static String httpError(String condition, String message, Collection<String> channels) {
        return object("error", condition, message, channels);
    }

    /**
     * @param channels the channels the error is about; the member is left out when empty
     * @return the data of a {@code stream-error} event
     */
    public static String streamError(String condition, String message, Collection<String> channels) {
        return object("condition", condition, message, channels);
    }

    /**
     * @return the data of a {@code stream-reset} event naming {@code channels}
     */
    public static String resetData(Collection<String> channels) {
        return write(json -> channels(json, channels));
    }

    private static String object(String conditionName, String condition, String message, Collection<String> channels) {
        return write(json -> {
            json.writeStringField(conditionName, condition);
            json.writeStringField("message", message);
            if (!channels.isEmpty()) {
                channels(json, channels);
            }
        });
    }

    private static void channels(JsonGenerator json, Collection<String> channels) throws IOException {
        json.writeArrayFieldStart("channels");
        for (String channel : channels) {
            json.writeString(channel);
        }
        json.writeEndArray();
    }

    private interface Members {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Members members) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            members.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
