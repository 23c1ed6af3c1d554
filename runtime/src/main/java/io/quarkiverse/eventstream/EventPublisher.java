package io.quarkiverse.eventstream;

import io.smallrye.mutiny.Uni;

/**
 * Publishes events to channels; every open stream subscribed to the channel receives them.
 * <p>
 * Quarkus provides a CDI bean with bean type {@code EventPublisher} and qualifier {@code @Default}. It is
 * {@code @ApplicationScoped}, so tests can replace it with {@code @InjectMock}.
 * <p>
 * All methods are thread-safe and may be called from any thread: REST handlers, {@code @Scheduled} jobs,
 * messaging consumers. The blocking methods ({@link #publish(String, String, Object)}, {@link #publish(String, Object)},
 * {@link #publishRaw(String, String, String)}) must not be called on a Vert.x event loop once a store that does I/O is
 * configured; use {@link #publishAsync(String, String, Object)} or {@link #publishRawAsync(String, String, String)}
 * there.
 */
public interface EventPublisher {

    /** The event type used when none is given. */
    String DEFAULT_TYPE = "message";

    /**
     * Publishes {@code data}, encoded as compact JSON with the application's Jackson {@code ObjectMapper}
     * (customizers apply; a {@link String} becomes a JSON string).
     *
     * @param channel the channel, a valid channel name
     * @param type the SSE event type; must not be empty, longer than 1024 characters, nor contain CR, LF or NUL
     * @param data the payload, may be {@code null} (encoded as {@code null})
     * @return the published event
     * @throws IllegalArgumentException if the channel or type is invalid, or the data cannot be encoded
     */
    ChannelEvent publish(String channel, String type, Object data);

    /**
     * Publishes {@code data} with the type {@value #DEFAULT_TYPE}, encoded as JSON.
     *
     * @see #publish(String, String, Object)
     */
    default ChannelEvent publish(String channel, Object data) {
        return publish(channel, DEFAULT_TYPE, data);
    }

    /**
     * Publishes {@code data} as it is, with no encoding (HTML fragments for htmx, preformatted JSON...).
     *
     * @param channel the channel, a valid channel name
     * @param type the SSE event type; must not be empty nor contain CR, LF or NUL
     * @param data the payload, must not be {@code null}; line breaks are sent as several {@code data:} lines
     * @return the published event
     * @throws IllegalArgumentException if the channel or type is invalid
     */
    ChannelEvent publishRaw(String channel, String type, String data);

    /**
     * Non-blocking variant of {@link #publish(String, String, Object)}, safe to call on a Vert.x event loop.
     * Arguments are validated when the returned {@link Uni} is subscribed to; it fails with
     * {@link IllegalArgumentException} for invalid arguments.
     */
    Uni<ChannelEvent> publishAsync(String channel, String type, Object data);

    /**
     * Non-blocking variant of {@link #publishRaw(String, String, String)}, safe to call on a Vert.x event loop.
     */
    Uni<ChannelEvent> publishRawAsync(String channel, String type, String data);

    /**
     * Returns the event id that positions a new stream at "now" on the given channels. Render it into a page and have
     * the page's client send it back (as the {@code lastEventId} query parameter of its first connection, or as
     * {@code Last-Event-ID}), so nothing published between rendering the page and connecting is lost.
     *
     * @param channels the channels the page will stream
     * @return the event id, or an empty string when none of the channels is stored
     * @throws IllegalArgumentException if a channel name is invalid
     */
    String currentEventId(String... channels);

    /**
     * Tells the open streams of {@code principal} on {@code channel} that a permission changed: each is checked again
     * with {@link ChannelManager#canRead}, and those no longer allowed receive one {@code stream-error} event with
     * condition {@code forbidden} naming the channel, then close. Other streams and other users are untouched. A client
     * that reconnects then gets {@code 403}. Blocking: {@code canRead} may do I/O.
     * <p>
     * With a bus ({@code quarkus.eventstream.bus}), the other instances check their streams too, once the caller's
     * transaction (if any) committed.
     *
     * @param principal the principal name, as {@code SecurityIdentity.getPrincipal().getName()}; {@code null} for
     *        anonymous streams
     * @param channel the channel
     * @return the number of streams closed on this instance
     */
    int permissionChanged(String principal, String channel);
}
