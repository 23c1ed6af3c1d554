package io.quarkiverse.eventstream.client;

import java.time.Duration;
import java.util.List;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One event of a stream, as the server-sent events parser dispatched it.
 *
 * @param id the {@code id} field of this event, {@code null} when the event has none (on a reliable channel every event
 *        carries one: it is the cursor to resume from)
 * @param type the {@code event} field, {@value #MESSAGE} when the event has none; the extension's control events are
 *        {@value #STREAM_OPEN}, {@value #STREAM_RESET} and {@value #STREAM_ERROR}
 * @param data the data lines joined with LF, never {@code null} ({@code ""} for an empty {@code data:} line)
 * @param retry the {@code retry} field of this event in milliseconds, {@code null} when the event has none
 */
public record StreamEvent(String id, String type, String data, Long retry) {

    /** The type of an event without {@code event} field. */
    public static final String MESSAGE = "message";
    /** The first event of every stream of the extension, written before any replay. */
    public static final String STREAM_OPEN = "stream-open";
    /** Channels whose position could not be recovered; {@link #channels()} names them. */
    public static final String STREAM_RESET = "stream-reset";
    /** The server ends the stream; the data names the condition, a message and the channels. */
    public static final String STREAM_ERROR = "stream-error";

    /** @return {@link #retry()} as a duration, {@code null} when the event has none */
    public Duration retryDuration() {
        return retry == null ? null : Duration.ofMillis(retry);
    }

    /**
     * Decodes {@link #data()} as JSON into {@code type} with a plain Jackson {@code ObjectMapper} (unknown properties are
     * ignored).
     *
     * @throws IllegalStateException when {@code com.fasterxml.jackson.core:jackson-databind} is not on the class path
     * @throws IllegalArgumentException when the data is not JSON of that shape
     */
    public <T> T dataAs(Class<T> type) {
        return JsonData.decode(data, type);
    }

    /**
     * The channels a {@value #STREAM_RESET} or {@value #STREAM_ERROR} event names (its data is
     * {@code {"channels":[...]}}, with more fields for an error).
     *
     * @return the channels, empty when the data names none or is not such a JSON object
     */
    public List<String> channels() {
        return channelsOf(data);
    }

    static List<String> channelsOf(String data) {
        JsonObject json = jsonObject(data);
        JsonArray channels = json == null ? null : json.getJsonArray("channels");
        return channels == null ? List.of()
                : channels.stream().map(String::valueOf).toList();
    }

    /** The JSON object in {@code text}, {@code null} when it is not one (uses jackson-core only, through Vert.x). */
    static JsonObject jsonObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException notAnObject) {
            return null;
        }
    }

    /** The string {@code key} of {@code json}, {@code null} when absent or not a string. */
    static String string(JsonObject json, String key) {
        return json != null && json.getValue(key) instanceof String value ? value : null;
    }

    /** The Jackson part, in its own class so that it loads only when {@link #dataAs} is called. */
    private static final class JsonData {

        private static volatile Object mapper;

        static <T> T decode(String data, Class<T> type) {
            com.fasterxml.jackson.databind.ObjectMapper objectMapper;
            try {
                objectMapper = mapper();
            } catch (NoClassDefFoundError missing) {
                throw new IllegalStateException("StreamEvent.dataAs needs Jackson: add the dependency"
                        + " com.fasterxml.jackson.core:jackson-databind", missing);
            }
            try {
                return objectMapper.readValue(data, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("The data of the event is not JSON of " + type.getName() + ": "
                        + e.getOriginalMessage(), e);
            }
        }

        private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
            Object current = mapper;
            if (current == null) {
                current = new com.fasterxml.jackson.databind.ObjectMapper()
                        .findAndRegisterModules()
                        .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
                mapper = current;
            }
            return (com.fasterxml.jackson.databind.ObjectMapper) current;
        }
    }
}
