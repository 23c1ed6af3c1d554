package io.quarkiverse.eventstream.it.demo;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The demo's stand-in for real authentication: two fixed bearer tokens. {@code Authorization: Bearer demo-token} is
 * the user {@value #READER}, who may read the {@code private} channel; {@code Bearer guest-token} is the user
 * {@value #GUEST}, who may not. Any other bearer token is refused with {@code 401}; a request without one is anonymous.
 * A real application would use OIDC or smallrye-jwt here; {@link DemoChannels} would not change.
 */
public final class DemoTokens {

    /** The user of {@code demo-token}. */
    static final String READER = "demo";

    /** The user of {@code guest-token}. */
    static final String GUEST = "guest";

    private static final Map<String, String> USERS = Map.of("demo-token", READER, "guest-token", GUEST);

    private DemoTokens() {
    }

    /**
     * Reads {@code Authorization: Bearer <token>} and hands the token to {@link Users}.
     */
    @ApplicationScoped
    public static class Mechanism implements HttpAuthenticationMechanism {

        private static final String BEARER = "Bearer ";

        @Override
        public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
            String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Uni.createFrom().optional(Optional.empty());
            }
            String token = header.substring(BEARER.length()).trim();
            return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), context));
        }

        @Override
        public Uni<ChallengeData> getChallenge(RoutingContext context) {
            return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                    HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"));
        }

        @Override
        public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
            return Set.of(TokenAuthenticationRequest.class);
        }
    }

    /**
     * Turns the two demo tokens into users.
     */
    @ApplicationScoped
    public static class Users implements IdentityProvider<TokenAuthenticationRequest> {

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                AuthenticationRequestContext context) {
            String user = USERS.get(request.getToken().getToken());
            if (user == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException("Unknown demo token"));
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user))
                    .addCredential(request.getToken()).build());
        }
    }
}
