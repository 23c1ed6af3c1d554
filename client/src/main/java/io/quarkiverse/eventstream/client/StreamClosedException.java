package io.quarkiverse.eventstream.client;

import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * The server ended an open stream with a {@code stream-error} that reconnecting cannot fix: {@code forbidden} (the
 * permission was withdrawn), {@code expired} (the credentials expired) or a condition this client does not know.
 */
public final class StreamClosedException extends EventStreamException {

    private static final long serialVersionUID = 1L;

    private final String condition;
    private final String serverMessage;
    private final List<String> channels;

    StreamClosedException(StreamEvent error) {
        this(conditionOf(error.data()), messageOf(error.data()), StreamEvent.channelsOf(error.data()));
    }

    private StreamClosedException(String condition, String message, List<String> channels) {
        super("The server closed the stream: " + condition + (message == null ? "" : " (" + message + ")")
                + (channels.isEmpty() ? "" : " on " + channels));
        this.condition = condition;
        this.serverMessage = message;
        this.channels = channels;
    }

    static String conditionOf(String data) {
        JsonObject json = StreamEvent.jsonObject(data);
        String condition = json == null ? null : StreamEvent.string(json, "condition");
        return condition == null ? "unknown" : condition;
    }

    private static String messageOf(String data) {
        JsonObject json = StreamEvent.jsonObject(data);
        return json == null ? null : StreamEvent.string(json, "message");
    }

    /** @return the condition: {@code forbidden}, {@code expired}, or another one; {@code unknown} when it had none */
    public String condition() {
        return condition;
    }

    /** @return the server's message, or {@code null} */
    public String message() {
        return serverMessage;
    }

    /** @return the channels the error names, possibly empty */
    public List<String> channels() {
        return channels;
    }
}
