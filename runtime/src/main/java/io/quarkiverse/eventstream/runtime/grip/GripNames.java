package io.quarkiverse.eventstream.runtime.grip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The proxy's channel names: {@code <prefix><channel>} for a channel whose name is made of characters that GRIP
 * headers and Pushpin's id templates carry as they are, else {@code <prefix>#<hash>}; {@code <prefix>#u<hash>} for the
 * channel of one identity, which the application uses to make that identity's held streams recover (revocation,
 * expiry). No safe name starts with {@code #}, so the two kinds never meet.
 * <p>
 * Pure functions, thread-safe.
 */
public final class GripNames {

    private static final Base64.Encoder HASH = Base64.getUrlEncoder().withoutPadding();

    private final String prefix;

    public GripNames(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @return the proxy's name of {@code channel}
     */
    public String channel(String channel) {
        return safe(channel) ? prefix + channel : prefix + '#' + hash("c:" + channel);
    }

    /**
     * @param principal the principal's name, {@code null} for anonymous streams
     * @return the proxy's channel of that identity's streams
     */
    public String identity(String principal) {
        return principal == null ? prefix + "#anonymous" : prefix + "#u" + hash("u:" + principal);
    }

    /**
     * Characters that need no quoting in a {@code Grip-Channel} header parameter and end no {@code %(name)s} template:
     * letters, digits and {@code . _ ~ - : / @ ! * +}.
     */
    static boolean safe(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || ".~_-:/@!*+".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            // 132 bits: no two names of one application meet
            return HASH.encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
