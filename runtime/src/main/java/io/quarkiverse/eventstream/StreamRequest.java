package io.quarkiverse.eventstream;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * A request for an event stream, as {@link ChannelManager#channelsForRequest(StreamRequest)} sees it.
 * <p>
 * Read-only; valid only during the call it is passed to.
 */
public interface StreamRequest {

    /**
     * @return the name of the configured endpoint ({@code quarkus.eventstream.endpoints."<name>"}) that received the
     *         request, or empty for the built-in endpoint at {@code quarkus.eventstream.path}
     */
    Optional<String> endpoint();

    /**
     * @return the channels of the configured endpoint with their {@code {param}} templates resolved against the path
     *         parameters, in configuration order; empty for the built-in endpoint or when the endpoint configures none
     */
    List<String> endpointChannels();

    /**
     * @return the decoded path parameters of the matched endpoint path (for example {@code channel} or {@code room})
     */
    Map<String, String> pathParameters();

    /**
     * @param name a query parameter name
     * @return every non-empty value of that query parameter, in request order; empty when absent
     */
    List<String> queryParameters(String name);

    /**
     * @param name a header name, case-insensitive
     * @return the first value of that request header, or empty
     */
    Optional<String> header(String name);

    /**
     * @return the identity Quarkus Security established for the request (anonymous when none), never {@code null}
     */
    SecurityIdentity identity();
}
