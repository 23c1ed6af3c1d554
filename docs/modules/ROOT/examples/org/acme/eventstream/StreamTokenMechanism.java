package org.acme.eventstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates event stream requests that carry a {@code stream_token} query parameter issued by
 * {@link StreamTokens}. Other requests are left to the application's other mechanisms.
 */
@ApplicationScoped
public class StreamTokenMechanism implements HttpAuthenticationMechanism {

    // tag::mechanism[]
    static final String PARAMETER = "stream_token";

    @Inject
    StreamTokens tokens;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = context.request().getParam(PARAMETER);
        if (token == null || !isEventStream(context.normalizedPath())) {
            // not a stream token request: the other mechanisms decide
            return Uni.createFrom().nullItem();
        }
        SecurityIdentity identity = tokens.redeem(token);
        if (identity == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Unknown, used or expired stream token"));
        }
        return Uni.createFrom().item(identity);
    }

    private static boolean isEventStream(String path) {
        // a stream token opens streams and nothing else
        return path.equals("/events") || path.startsWith("/events/");
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // no challenge of its own: the application's other mechanisms send theirs
        return Uni.createFrom().nullItem();
    }
    // end::mechanism[]
}
