package io.quarkiverse.eventstream.runtime.grip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JwtTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    @Test
    void verifiesAnHs256TokenAndReturnsItsClaims() throws Exception {
        String token = Jwt.signHs256(Map.of("iss", "pushpin", "exp", NOW.getEpochSecond() + 3600),
                "changeme".getBytes(StandardCharsets.UTF_8));
        var claims = Jwt.verify(token, Jwt.VerifyKey.parse("changeme"), "pushpin", NOW);
        assertThat(claims.get("iss").asText()).isEqualTo("pushpin");
    }

    @Test
    void readsABase64Secret() throws Exception {
        byte[] secret = { 0, 1, 2, (byte) 0xff };
        String token = Jwt.signHs256(Map.of("exp", NOW.getEpochSecond() + 10), secret);
        Jwt.verify(token, Jwt.VerifyKey.parse("base64:" + Base64.getEncoder().encodeToString(secret)), null, NOW);
        assertThatThrownBy(() -> Jwt.verify(token, Jwt.VerifyKey.parse("other"), null, NOW))
                .isInstanceOf(Jwt.InvalidTokenException.class).hasMessageContaining("does not verify");
    }

    @Test
    void refusesAnExpiredTokenAnotherIssuerAndAnUnsignedOne() {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        String expired = Jwt.signHs256(Map.of("iss", "pushpin", "exp", NOW.getEpochSecond()), key);
        assertThatThrownBy(() -> Jwt.verify(expired, Jwt.VerifyKey.parse("k"), null, NOW))
                .hasMessageContaining("expired");
        String other = Jwt.signHs256(Map.of("iss", "mallory", "exp", NOW.getEpochSecond() + 60), key);
        assertThatThrownBy(() -> Jwt.verify(other, Jwt.VerifyKey.parse("k"), "pushpin", NOW))
                .hasMessageContaining("issuer");
        String none = URL.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + URL.encodeToString("{\"exp\":1900000000}".getBytes()) + ".";
        assertThatThrownBy(() -> Jwt.verify(none, Jwt.VerifyKey.parse("k"), null, NOW))
                .hasMessageContaining("signed with none");
        assertThatThrownBy(() -> Jwt.verify("garbage", Jwt.VerifyKey.parse("k"), null, NOW))
                .isInstanceOf(Jwt.InvalidTokenException.class);
    }

    @Test
    void verifiesEs256WithAPublicKeyAsFastlySigns() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String token = sign("ES256", "SHA256withECDSAinP1363Format", pair.getPrivate(),
                "{\"iss\":\"fastly:abc\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");
        Jwt.VerifyKey key = Jwt.VerifyKey.parse(pem(pair));
        assertThat(key.isSecret()).isFalse();
        assertThat(Jwt.verify(token, key, "fastly:abc", NOW).get("iss").asText()).isEqualTo("fastly:abc");
        // the public key used as an HMAC secret (algorithm confusion) never verifies
        String confused = Jwt.signHs256(Map.of("exp", NOW.getEpochSecond() + 60),
                pem(pair).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Jwt.verify(confused, key, null, NOW)).hasMessageContaining("signed with HS256");
    }

    @Test
    void verifiesRs256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String token = sign("RS256", "SHA256withRSA", pair.getPrivate(),
                "{\"exp\":" + (NOW.getEpochSecond() + 60) + "}");
        Jwt.verify(token, Jwt.VerifyKey.parse(pem(pair)), null, NOW);
        String tampered = token.substring(0, token.lastIndexOf('.') - 2) + "xx" + token.substring(token.lastIndexOf('.'));
        assertThatThrownBy(() -> Jwt.verify(tampered, Jwt.VerifyKey.parse(pem(pair)), null, NOW))
                .isInstanceOf(Jwt.InvalidTokenException.class);
    }

    @Test
    void namesWhatIsWrongWithAKey() {
        assertThatThrownBy(() -> Jwt.VerifyKey.parse("base64:***")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> Jwt.VerifyKey.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Jwt.VerifyKey.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("PUBLIC KEY");
        assertThatThrownBy(() -> Jwt.VerifyKey.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("neither an EC nor an RSA key");
    }

    private static String sign(String alg, String algorithm, PrivateKey key, String claims) throws Exception {
        String signed = URL.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes()) + "."
                + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + URL.encodeToString(signature.sign());
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
