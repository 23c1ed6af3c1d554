package io.quarkiverse.eventstream.it.clients;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes the caller's name from the {@code user} query parameter, without any proof: the matrix checks what clients do
 * with a {@code 403}, and this works the same for every client, browsers' {@code EventSource} included, which cannot
 * send headers. Never do this in an application.
 */
@ApplicationScoped
public class QueryUserMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        List<String> users = context.queryParam("user");
        if (users.isEmpty() || users.get(0).isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String name = users.get(0);
        Principal principal = () -> name;
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(principal).build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                HttpHeaderNames.WWW_AUTHENTICATE, "MatrixUser"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
