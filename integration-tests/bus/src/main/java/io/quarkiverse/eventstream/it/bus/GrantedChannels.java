package io.quarkiverse.eventstream.it.bus;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Channels named {@code private-*} are read only by the principals granted them in the shared database
 * ({@link ChannelGrant}); every other channel by everyone. Channels named {@code live-*} are not stored: their events
 * carry no id and cross the bus at most once.
 */
@ApplicationScoped
public class GrantedChannels extends DefaultChannelManager {

    @Override
    public boolean isReliable(String channel) {
        return !channel.startsWith("live-");
    }

    @Override
    public boolean canRead(SecurityIdentity identity, String channel) {
        if (!channel.startsWith("private-")) {
            return true;
        }
        if (identity.isAnonymous()) {
            return false;
        }
        String principal = identity.getPrincipal().getName();
        // also called for a permission change that came over the bus, outside any request
        return QuarkusTransaction.joiningExisting().call(() -> ChannelGrant.exists(principal, channel));
    }
}
