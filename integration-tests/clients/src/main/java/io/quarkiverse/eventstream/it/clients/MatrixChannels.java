package io.quarkiverse.eventstream.it.clients;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who reads what in the matrix application, and how many stream requests each channel saw:
 * <ul>
 * <li>{@code members-*}: any authenticated caller, so an anonymous one gets {@code 401};</li>
 * <li>{@code admins-*}: nobody, so an authenticated caller gets {@code 403};</li>
 * <li>anything else: everyone. Every channel is stored (the memory store), so every event carries an id.</li>
 * </ul>
 * The request counts let the driver see whether a client stops after a refusal, whatever the proxies in between do with
 * connections.
 */
@ApplicationScoped
public class MatrixChannels extends DefaultChannelManager {

    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @Override
    public Set<String> channelsForRequest(StreamRequest request) {
        Set<String> channels = super.channelsForRequest(request);
        for (String channel : channels) {
            requests.computeIfAbsent(channel, c -> new AtomicInteger()).incrementAndGet();
        }
        return channels;
    }

    @Override
    public boolean canRead(SecurityIdentity identity, String channel) {
        if (channel.startsWith("members-")) {
            return !identity.isAnonymous();
        }
        return !channel.startsWith("admins-");
    }

    /** How many stream requests named {@code channel} since the application started. */
    int requests(String channel) {
        AtomicInteger count = requests.get(channel);
        return count == null ? 0 : count.get();
    }
}
