package io.quarkiverse.eventstream.runtime.grip;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.eventstream.runtime.admission.AnonymousIdentity;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The links a proxy follows to recover a held stream ({@code Grip-Link: <...>; rel=next}). The proxy sends neither the
 * client's cookies nor its headers there, so the link carries, signed with the link key, what the stream needs to be
 * admitted again: its channels, its principal and roles, the store's epoch, and when its credentials expire. The
 * link is only ever seen by the proxy (it strips {@code Grip-} headers), and only a request that the proxy signed is
 * answered from it.
 * <p>
 * Thread-safe.
 */
public final class GripLinks {

    /** The query parameter of the signed link. */
    public static final String LINK_PARAMETER = "es-link";
    /** The query parameter of the cursor a paged replay continues from. */
    public static final String CURSOR_PARAMETER = "es-cursor";

    private final byte[] secret;
    private final Jwt.VerifyKey key;

    public GripLinks(byte[] secret) {
        this.secret = secret.clone();
        this.key = Jwt.VerifyKey.hmac(secret);
    }

    /**
     * What a valid link says.
     *
     * @param identity the identity that opened the stream (principal and roles only)
     * @param channels the stream's channels, in its order
     * @param epoch the store's epoch when the link was made, empty without stored channels
     * @param expiry when the identity's credentials expire, or {@code null}
     */
    public record Link(SecurityIdentity identity, List<String> channels, String epoch, Instant expiry) {
    }

    /** Thrown for a link that was not made by an instance of this application, or was changed. */
    public static final class InvalidLinkException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidLinkException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param expiry when the credentials of the request that opened the stream expire, or {@code null}: a stream
     *        recovered through a link keeps the expiry of the request that opened it
     * @return the token of the link that recovers the stream of {@code plan}
     */
    public String token(StreamPlan plan, Instant expiry) {
        ObjectNode claims = Jwt.claims();
        ArrayNode channels = claims.putArray("ch");
        plan.channels().forEach(channels::add);
        SecurityIdentity identity = plan.identity();
        if (plan.principal() != null) {
            claims.put("sub", plan.principal());
            ArrayNode roles = claims.putArray("roles");
            identity.getRoles().forEach(roles::add);
        }
        claims.put("ep", plan.epoch());
        if (expiry != null) {
            // not the token's own exp: an expired stream is answered with stream-error expired, not refused
            claims.put("cx", expiry.getEpochSecond());
        }
        return Jwt.signHs256(claims, secret);
    }

    /**
     * @return the link to {@code path} with {@code token}, and the cursor a paged replay continues from
     * @param cursor where the next page starts, or {@code null} once the replay is complete
     */
    public static String uri(String path, String token, String cursor) {
        StringBuilder link = new StringBuilder(path).append('?').append(LINK_PARAMETER).append('=').append(token);
        if (cursor != null) {
            link.append('&').append(CURSOR_PARAMETER).append('=').append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return link.toString();
    }

    /**
     * @throws InvalidLinkException if the token was not signed with this application's link key, or is malformed
     */
    public Link read(String token) throws InvalidLinkException {
        JsonNode claims;
        try {
            claims = Jwt.verify(token, key, null, Instant.now());
        } catch (Jwt.InvalidTokenException e) {
            throw new InvalidLinkException(e.getMessage());
        }
        JsonNode channels = claims.path("ch");
        if (!channels.isArray() || channels.isEmpty()) {
            throw new InvalidLinkException("the link names no channel");
        }
        List<String> names = new ArrayList<>(channels.size());
        channels.forEach(channel -> names.add(channel.asText()));
        SecurityIdentity identity = AnonymousIdentity.INSTANCE;
        if (claims.hasNonNull("sub")) {
            Set<String> roles = new LinkedHashSet<>();
            claims.path("roles").forEach(role -> roles.add(role.asText()));
            identity = new LinkIdentity(claims.get("sub").asText(), roles);
        }
        Instant expiry = claims.hasNonNull("cx") ? Instant.ofEpochSecond(claims.get("cx").asLong()) : null;
        return new Link(identity, names, claims.path("ep").asText(""), expiry);
    }
}
