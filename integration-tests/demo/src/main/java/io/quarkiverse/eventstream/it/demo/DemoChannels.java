package io.quarkiverse.eventstream.it.demo;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The demo's channel permissions: {@value #PRIVATE} only for the user {@value DemoTokens#READER} (a request with
 * {@code Authorization: Bearer demo-token}), every other channel for everyone. An anonymous request for
 * {@value #PRIVATE} is answered with {@code 401}, another user's with {@code 403}.
 */
@ApplicationScoped
public class DemoChannels extends DefaultChannelManager {

    /** The channel that needs the demo token. */
    static final String PRIVATE = "private";

    @Override
    public boolean canRead(SecurityIdentity identity, String channel) {
        if (PRIVATE.equals(channel)) {
            return !identity.isAnonymous() && DemoTokens.READER.equals(identity.getPrincipal().getName());
        }
        return true;
    }
}
