package io.quarkiverse.eventstream;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The default {@link ChannelManager}: channels from the endpoint configuration, else from the {@code {channel}} path
 * parameter, else from the {@code channel} query parameters; everyone may read every channel; every channel is
 * reliable.
 * <p>
 * Extend it to change one decision and keep the others:
 *
 * <pre>
 * &#64;ApplicationScoped
 * class MyChannelManager extends DefaultChannelManager {
 *     &#64;Override
 *     public boolean canRead(SecurityIdentity identity, String channel) {
 *         return !channel.startsWith("user-")
 *                 || !identity.isAnonymous() && channel.equals("user-" + identity.getPrincipal().getName());
 *     }
 * }
 * </pre>
 */
@DefaultBean
@ApplicationScoped
public class DefaultChannelManager implements ChannelManager {

    /** The name of the path and query parameter that carries channel names. */
    public static final String CHANNEL_PARAMETER = "channel";

    @Override
    public Set<String> channelsForRequest(StreamRequest request) {
        if (!request.endpointChannels().isEmpty()) {
            return new LinkedHashSet<>(request.endpointChannels());
        }
        String fromPath = request.pathParameters().get(CHANNEL_PARAMETER);
        if (fromPath != null) {
            return Set.of(fromPath);
        }
        if (request.endpoint().isPresent()) {
            // configured endpoints never take channels from the query string
            return Set.of();
        }
        return new LinkedHashSet<>(request.queryParameters(CHANNEL_PARAMETER));
    }

    @Override
    public boolean canRead(SecurityIdentity identity, String channel) {
        return true;
    }

    @Override
    public boolean isReliable(String channel) {
        return true;
    }
}
