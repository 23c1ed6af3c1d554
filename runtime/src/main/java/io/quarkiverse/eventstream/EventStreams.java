package io.quarkiverse.eventstream;

import java.util.Collection;

import jakarta.ws.rs.sse.SseEventSink;

/**
 * Opens event streams from an application's own JAX-RS resource methods, for channels the application computes
 * itself:
 *
 * <pre>
 * &#64;Path("/me/events")
 * public class MyEvents {
 *     &#64;Inject
 *     EventStreams streams;
 *     &#64;Inject
 *     SecurityIdentity identity;
 *
 *     &#64;GET
 *     &#64;Produces(MediaType.SERVER_SENT_EVENTS)
 *     public void events(&#64;Context SseEventSink sink) {
 *         streams.stream(sink, Set.of("user-" + identity.getPrincipal().getName()));
 *     }
 * }
 * </pre>
 *
 * Injecting {@code SecurityIdentity} as above needs a Quarkus Security extension (for example
 * {@code quarkus-elytron-security-properties-file} or {@code quarkus-oidc}). Unlike the extension's own endpoints,
 * an application resource answers no CORS preflight ({@code OPTIONS}) by itself: browsers send none for a plain
 * {@code EventSource}, and Quarkus's {@code quarkus.http.cors} covers the other cases.
 * <p>
 * Quarkus provides a CDI bean with bean type {@code EventStreams} and qualifier {@code @Default}.
 */
public interface EventStreams {

    /**
     * Streams {@code channels} to the client of the current request, with the same headers, wire format, limits,
     * CORS handling and permission checks ({@link ChannelManager#canRead}) as the built-in endpoints. The call returns
     * at once; the stream stays open until the client or the application closes it, holding no thread.
     * <p>
     * Call it from the JAX-RS resource method that received {@code sink}, before the method returns. The method must
     * be blocking (the default for a {@code void} method): permission checks, and reading positions from a store that
     * does I/O, may block.
     *
     * @param sink the sink Quarkus REST injected into the resource method with {@code @Context}
     * @param channels the channels, at least one, at most {@code quarkus.eventstream.max-channels}
     * @throws jakarta.ws.rs.WebApplicationException with status {@code 400} for invalid or too many channels,
     *         {@code 401}/{@code 403} for denied channels; its response carries a JSON body
     * @throws IllegalStateException if called outside a Quarkus REST request
     */
    void stream(SseEventSink sink, Collection<String> channels);

    /**
     * @param channel a channel name
     * @return the number of streams open on this application instance that are subscribed to {@code channel}
     */
    int subscribers(String channel);

    /**
     * @return the number of streams open on this application instance
     */
    int openStreams();
}
