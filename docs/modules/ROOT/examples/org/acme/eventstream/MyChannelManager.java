package org.acme.eventstream;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Replaces the default channel manager: no configuration needed, the bean is picked up because it exists.
 */
@ApplicationScoped
public class MyChannelManager extends DefaultChannelManager {

    // tag::security[]
    @Inject
    TeamMemberships memberships;

    // tag::can-read[]
    @Override
    public boolean canRead(SecurityIdentity identity, String channel) {
        if (channel.startsWith("private-")) {
            // a role channel: the roles the identity had when the stream opened
            return identity.hasRole("admin");
        }
        if (channel.startsWith("user-")) {
            // each user reads only their own channel, whichever endpoint they use
            return !identity.isAnonymous() && channel.equals(UserNotifier.channelOf(identity.getPrincipal().getName()));
        }
        if (TeamMemberships.isTeamChannel(channel)) {
            // looked up at every check, so that a removal is seen when permissionChanged checks again
            return !identity.isAnonymous()
                    && memberships.isMember(TeamMemberships.teamOf(channel), identity.getPrincipal().getName());
        }
        return super.canRead(identity, channel);
    }
    // end::can-read[]
    // end::security[]

    // tag::channels[]
    @Override
    public Set<String> channelsForRequest(StreamRequest request) {
        Set<String> channels = new LinkedHashSet<>(super.channelsForRequest(request));
        if (!channels.isEmpty() && !request.identity().isAnonymous()) {
            // signed-in users also receive their notifications on every stream they open
            channels.add(UserNotifier.channelOf(request.identity().getPrincipal().getName()));
        }
        return channels;
    }
    // end::channels[]

    // tag::reliable[]
    @Override
    public boolean isReliable(String channel) {
        // presence updates only matter live: not stored, no event id, never replayed
        return !channel.startsWith("presence-");
    }
    // end::reliable[]
}
