package io.quarkiverse.eventstream.test.grip;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Grip-Sig} a proxy would send: an HS256 JWT, written here independently of the extension's own code.
 */
final class GripSignatures {

    static final String KEY = "grip-test-secret";

    private GripSignatures() {
    }

    /** A signature Pushpin would make with {@link #KEY}. */
    static String valid() {
        return sign("{\"iss\":\"pushpin\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}", KEY);
    }

    static String sign(String claims, String key) {
        try {
            String signed = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
