package io.quarkiverse.eventstream.runtime.admission;

import java.security.Permission;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The identity of a request that Quarkus Security did not authenticate (or of an application without security).
 */
public final class AnonymousIdentity implements SecurityIdentity {

    public static final AnonymousIdentity INSTANCE = new AnonymousIdentity();

    private AnonymousIdentity() {
    }

    @Override
    public Principal getPrincipal() {
        return null;
    }

    @Override
    public boolean isAnonymous() {
        return true;
    }

    @Override
    public Set<String> getRoles() {
        return Set.of();
    }

    @Override
    public boolean hasRole(String role) {
        return false;
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
