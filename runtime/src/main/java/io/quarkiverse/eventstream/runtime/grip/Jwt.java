package io.quarkiverse.eventstream.runtime.grip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The compact JSON Web Tokens of GRIP: {@code Grip-Sig} (HS256 with Pushpin's shared secret, ES256 or RS256 with
 * Fastly's public key), the control API's bearer tokens and the links a proxy follows to recover a stream (HS256).
 * Only what GRIP uses: no {@code none} algorithm, no key from the token's header, {@code exp} checked when present.
 * <p>
 * Thread-safe.
 */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String HS256_HEADER = ENCODER
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    /** Longer tokens are refused before any work. */
    static final int MAX_LENGTH = 8192;

    private Jwt() {
    }

    /** Thrown for a token that does not verify; the message says why. */
    public static final class InvalidTokenException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A key that verifies signatures: an HMAC secret (HS256) or a public key (ES256 for EC keys, RS256 for RSA keys).
     */
    public static final class VerifyKey {

        private final byte[] secret;
        private final PublicKey publicKey;

        private VerifyKey(byte[] secret, PublicKey publicKey) {
            this.secret = secret;
            this.publicKey = publicKey;
        }

        /**
         * @param value a secret as it is, {@code base64:<bytes>}, or a PEM {@code PUBLIC KEY}
         * @throws IllegalArgumentException naming what is wrong with the value
         */
        public static VerifyKey parse(String value) {
            if (value.contains("-----BEGIN")) {
                return new VerifyKey(null, publicKey(value));
            }
            return new VerifyKey(Jwt.secret(value), null);
        }

        /**
         * @return a key that verifies HS256 signatures made with {@code secret}
         */
        public static VerifyKey hmac(byte[] secret) {
            return new VerifyKey(secret.clone(), null);
        }

        /**
         * @return whether this is a shared secret, which can also sign
         */
        public boolean isSecret() {
            return secret != null;
        }

        byte[] secret() {
            return secret.clone();
        }

        String algorithm() {
            if (secret != null) {
                return "HS256";
            }
            return publicKey instanceof ECPublicKey ? "ES256" : "RS256";
        }
    }

    /**
     * @param value a secret as it is, or {@code base64:<bytes>}
     * @return its bytes
     * @throws IllegalArgumentException if the value is empty or not valid base64
     */
    public static byte[] secret(String value) {
        byte[] bytes;
        if (value.startsWith("base64:")) {
            try {
                bytes = Base64.getDecoder().decode(value.substring("base64:".length()).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the value after base64: is not valid base64");
            }
        } else {
            bytes = value.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the key is empty");
        }
        return bytes;
    }

    private static PublicKey publicKey(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (pem.contains("PRIVATE KEY") || !pem.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException("a PEM key must be a PUBLIC KEY (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key is not valid base64");
        }
        for (String algorithm : new String[] { "EC", "RSA" }) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof RSAPublicKey || key instanceof ECPublicKey) {
                    return key;
                }
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the PEM public key is neither an EC nor an RSA key");
    }

    /**
     * Verifies {@code token} and returns its claims.
     *
     * @param issuer the {@code iss} claim required, or {@code null} to accept any
     * @param now the time {@code exp} is compared with
     * @throws InvalidTokenException if the token is malformed, signed with another algorithm or key, expired, or from
     *         another issuer
     */
    public static JsonNode verify(String token, VerifyKey key, String issuer, Instant now) throws InvalidTokenException {
        if (token.length() > MAX_LENGTH) {
            throw new InvalidTokenException("the token is too long");
        }
        int firstDot = token.indexOf('.');
        int lastDot = token.lastIndexOf('.');
        if (firstDot < 0 || firstDot == lastDot) {
            throw new InvalidTokenException("the token is not of the form header.claims.signature");
        }
        JsonNode header = json(token.substring(0, firstDot));
        String algorithm = header.path("alg").asText();
        if (!algorithm.equals(key.algorithm())) {
            // never the algorithm the token asks for: the one the key is for
            throw new InvalidTokenException("the token is signed with " + algorithm + ", the key verifies "
                    + key.algorithm());
        }
        byte[] signed = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        byte[] signature;
        try {
            signature = DECODER.decode(token.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the signature is not base64url");
        }
        if (!signatureMatches(key, signed, signature)) {
            throw new InvalidTokenException("the signature does not verify");
        }
        JsonNode claims = json(token.substring(firstDot + 1, lastDot));
        JsonNode exp = claims.get("exp");
        if (exp != null && (!exp.canConvertToLong() || exp.asLong() <= now.getEpochSecond())) {
            throw new InvalidTokenException("the token expired");
        }
        if (issuer != null && !issuer.equals(claims.path("iss").asText(null))) {
            throw new InvalidTokenException("the token is not from issuer " + issuer);
        }
        return claims;
    }

    /**
     * @return a token of {@code claims}, signed with HS256 and {@code secret}
     */
    public static String signHs256(Map<String, ?> claims, byte[] secret) {
        ObjectNode node = JSON.valueToTree(claims);
        return signHs256(node, secret);
    }

    /**
     * @return a token of {@code claims}, signed with HS256 and {@code secret}
     */
    public static String signHs256(ObjectNode claims, byte[] secret) {
        String payload;
        try {
            payload = ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Claims that JSON cannot write", e);
        }
        String signed = HS256_HEADER + '.' + payload;
        return signed + '.' + ENCODER.encodeToString(hmac(secret, signed.getBytes(StandardCharsets.US_ASCII)));
    }

    static ObjectNode claims() {
        return JSON.createObjectNode();
    }

    private static boolean signatureMatches(VerifyKey key, byte[] signed, byte[] signature) {
        if (key.secret != null) {
            return MessageDigest.isEqual(hmac(key.secret, signed), signature);
        }
        try {
            // ES256 signatures are R || S (JOSE), which the P1363 format reads as they are
            Signature verifier = Signature.getInstance(
                    key.publicKey instanceof ECPublicKey ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
            verifier.initVerify(key.publicKey);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            Key key = new SecretKeySpec(secret, "HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * @return HMAC-SHA256 of {@code data} with {@code secret}
     */
    static byte[] derive(byte[] secret, String label) {
        return hmac(secret, label.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String part) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(DECODER.decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("a part of the token is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidTokenException("a part of the token is not base64url JSON");
        }
    }
}
