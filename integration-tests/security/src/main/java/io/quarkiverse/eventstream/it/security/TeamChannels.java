package io.quarkiverse.eventstream.it.security;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who reads what:
 * <ul>
 * <li>{@code user-<name>}: only the principal {@code <name>};</li>
 * <li>{@code admins}: only the role {@code admin};</li>
 * <li>{@code team-<x>}: any authenticated user the application did not remove from it ({@link #remove});</li>
 * <li>anything else: everyone, anonymous included.</li>
 * </ul>
 * {@code ?mine=true} adds the caller's own {@code user-<name>} channel to the channels of the request.
 */
@ApplicationScoped
public class TeamChannels extends DefaultChannelManager {

    /** {@code principal@channel} pairs taken out of team channels at run time. */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();

    /**
     * Takes {@code user} out of {@code channel}; the caller then tells the open streams through
     * {@link io.quarkiverse.eventstream.EventPublisher#permissionChanged(String, String)}.
     */
    public void remove(String user, String channel) {
        removed.add(user + "@" + channel);
    }

    @Override
    public Set<String> channelsForRequest(StreamRequest request) {
        Set<String> channels = new LinkedHashSet<>(super.channelsForRequest(request));
        SecurityIdentity identity = request.identity();
        if (!identity.isAnonymous() && request.queryParameters("mine").contains("true")) {
            channels.add("user-" + identity.getPrincipal().getName());
        }
        return channels;
    }

    @Override
    public boolean canRead(SecurityIdentity identity, String channel) {
        if (channel.startsWith("user-")) {
            return !identity.isAnonymous() && channel.equals("user-" + identity.getPrincipal().getName());
        }
        if (channel.equals("admins")) {
            return identity.hasRole("admin");
        }
        if (channel.startsWith("team-")) {
            return !identity.isAnonymous() && !removed.contains(identity.getPrincipal().getName() + "@" + channel);
        }
        return true;
    }
}
