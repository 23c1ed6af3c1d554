package io.quarkiverse.eventstream.it.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates event stream requests by a JWT in the {@code access_token} query parameter, for browsers'
 * {@code EventSource}, which cannot send an {@code Authorization} header. smallrye-jwt reads tokens from a header or
 * a cookie only.
 * <p>
 * Only requests under the event stream path ({@code quarkus.eventstream.path}, compared with the request path as it is,
 * so this assumes the default HTTP and REST root paths) are looked at: a token in a URL ends up in access logs and
 * browser history, so no other endpoint accepts one. The token is verified exactly as a bearer
 * token: this mechanism hands a {@link JsonWebTokenCredential} to the identity providers, where smallrye-jwt's
 * validator checks signature, issuer and expiry, as its own {@code JWTAuthMechanism} does for the header.
 * <p>
 * Quarkus asks the mechanisms in descending {@link #getPriority() priority} and keeps the first identity; this one
 * comes after the default priority ({@value HttpAuthenticationMechanism#DEFAULT_PRIORITY}, smallrye-jwt's Bearer
 * mechanism), so a request that carries a Bearer header is authenticated by the header. A request without the
 * parameter is left to the other mechanisms.
 */
@ApplicationScoped
public class QueryTokenAuthMechanism implements HttpAuthenticationMechanism {

    static final String PARAMETER = "access_token";

    private final String eventsPath;

    QueryTokenAuthMechanism(@ConfigProperty(name = "quarkus.eventstream.path", defaultValue = "/events") String eventsPath) {
        this.eventsPath = eventsPath.endsWith("/") ? eventsPath.substring(0, eventsPath.length() - 1) : eventsPath;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = token(context);
        if (token == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        // lets Quarkus ask this mechanism, not the first one, for the challenge when the token is refused
        context.put(HttpAuthenticationMechanism.class.getName(), this);
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (token(context) == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY - 100;
    }

    private String token(RoutingContext context) {
        String path = context.normalizedPath();
        if (path == null || !(path.equals(eventsPath) || path.startsWith(eventsPath + "/"))) {
            return null;
        }
        List<String> values = context.queryParam(PARAMETER);
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }
}
