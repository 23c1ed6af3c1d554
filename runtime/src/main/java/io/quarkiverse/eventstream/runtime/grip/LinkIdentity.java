package io.quarkiverse.eventstream.runtime.grip;

import java.security.Permission;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The identity a recovery link carries: the principal's name and roles of the request that opened the held stream.
 * The proxy does not resend the client's credentials, so the application's {@code ChannelManager} sees this identity
 * when it checks a held stream again: no credentials, no attributes, no permissions.
 */
final class LinkIdentity implements SecurityIdentity {

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

    @Override
    public <T extends Credential> T getCredential(Class<T> credentialType) {
        return null;
    }

    @Override
    public Set<Credential> getCredentials() {
        return Set.of();
    }

    @Override
    public <T> T getAttribute(String name) {
        return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of();
    }

    @Override
    public Set<Permission> getPermissions() {
        return Set.of();
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return Uni.createFrom().item(false);
    }
}
