package io.quarkiverse.eventstream.runtime.grip;

import java.security.Principal;
import java.util.Set;

import io.quarkiverse.eventstream.runtime.admission.IdentityWithoutCredentials;

/**
 * The identity a recovery link carries: the principal's name and roles of the request that opened the held stream.
 * The proxy does not resend the client's credentials, so the application's {@code ChannelManager} sees this identity
 * when it checks a held stream again: no credentials, no attributes, no permissions.
 */
final class LinkIdentity extends IdentityWithoutCredentials {

    private final Principal principal;
    private final Set<String> roles;

    LinkIdentity(String name, Set<String> roles) {
        this.principal = new LinkPrincipal(name);
        this.roles = Set.copyOf(roles);
    }

    private record LinkPrincipal(String getName) implements Principal {
    }

    @Override
    public Principal getPrincipal() {
        return principal;
    }

    @Override
    public boolean isAnonymous() {
        return false;
    }

    @Override
    public Set<String> getRoles() {
        return roles;
    }

    @Override
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
