package io.quarkiverse.eventstream.client;

import io.vertx.core.json.JsonObject;

/**
 * The server refused to open the stream: a 4xx status (400 bad request, 401, 403, 404, 405, 429 too many streams), a
 * 5xx when reconnecting is off, or a 200 whose content type is not {@code text/event-stream}.
 */
public final class StreamRefusedException extends EventStreamException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String serverMessage;
    private final String body;

    StreamRefusedException(int status, String contentType, String body) {
        super(describe(status, contentType, body));
        this.status = status;
        JsonObject json = StreamEvent.jsonObject(body);
        this.error = json == null ? null : StreamEvent.string(json, "error");
        this.serverMessage = json == null ? null : StreamEvent.string(json, "message");
        this.body = body;
    }

    private static String describe(int status, String contentType, String body) {
        JsonObject json = StreamEvent.jsonObject(body);
        if (status == 200) {
            return "The server answered 200 with content type " + contentType + " instead of text/event-stream";
        }
        String detail = json != null && StreamEvent.string(json, "message") != null
                ? StreamEvent.string(json, "error") + ": " + StreamEvent.string(json, "message")
                : body;
        return "The server refused the stream with status " + status + (detail == null || detail.isEmpty() ? ""
                : " (" + detail + ")");
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the {@code error} of the extension's JSON body ({@code forbidden}, {@code too-many-streams}...), or null */
    public String error() {
        return error;
    }

    /** @return the {@code message} of the extension's JSON body, or {@code null} */
    public String message() {
        return serverMessage;
    }

    /** @return the response body as text (at most 64 KiB), empty when there was none */
    public String body() {
        return body;
    }
}
