package io.quarkiverse.eventstream;

import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Decides which channels a stream request gets, who may read them, and which channels are stored.
 * <p>
 * The extension provides {@link DefaultChannelManager} as a default bean. An application replaces it by declaring
 * its own bean of this type, with no configuration, for example
 * {@code @ApplicationScoped class MyChannelManager extends DefaultChannelManager}. Use {@code @ApplicationScoped}
 * or {@code @Singleton}: the bean is shared by all streams.
 * <p>
 * Methods are called on a worker thread, before anything is written to the stream, so they may block (a database
 * lookup is fine). They must be thread-safe.
 */
public interface ChannelManager {

    /**
     * Returns the channels a stream request subscribes to. Called once per request, before {@link #canRead}.
     *
     * @param request the stream request, never {@code null}
     * @return the channels, in the order the stream should use; an empty set is answered with {@code 400}
     */
    Set<String> channelsForRequest(StreamRequest request);

    /**
     * Decides whether {@code identity} may read {@code channel}. Called for each channel of a stream before anything
     * is streamed; a denied channel makes the request fail with {@code 401} (anonymous identity) or {@code 403}.
     *
     * @param identity the identity Quarkus Security established for the request; anonymous when none, never
     *        {@code null}
     * @param channel the channel
     * @return {@code true} if the identity may read the channel
     */
    boolean canRead(SecurityIdentity identity, String channel);

    /**
     * Decides whether events of {@code channel} are stored (and so carry ids and can be replayed).
     *
     * @param channel the channel
     * @return {@code true} if the channel's events are stored
     */
    boolean isReliable(String channel);
}
