package io.quarkiverse.eventstream.it.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Generates an RSA key pair for the test run: the application verifies JWTs with the public key
 * ({@code mp.jwt.verify.publickey.location}); the tests sign them with the private key
 * ({@code smallrye.jwt.sign.key.location}, read by {@code Jwt...sign()}).
 * <p>
 * The properties returned here outrank the keys that smallrye-jwt generates for tests on its own.
 */
public class JwtKeys implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://issuer.test";

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            KeyPair keys = generate();
            directory = Files.createTempDirectory("eventstream-jwt");
            Path publicKey = write(directory.resolve("public.pem"), "PUBLIC KEY", keys.getPublic());
            Path privateKey = write(directory.resolve("private.pem"), "PRIVATE KEY", keys.getPrivate());
            return Map.of(
                    "mp.jwt.verify.publickey.location", "file:" + publicKey.toAbsolutePath(),
                    "mp.jwt.verify.issuer", ISSUER,
                    "smallrye.jwt.sign.key.location", "file:" + privateKey.toAbsolutePath(),
                    // smallrye-jwt's dev/test services configure an in-memory key pair as inline keys when the build
                    // sees no key, and inline keys win over locations: NONE is smallrye-jwt's "no inline key" for
                    // verification (it injects the property as a required String), an empty value removes the other
                    "mp.jwt.verify.publickey", "NONE",
                    "smallrye.jwt.sign.key", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary directory: nothing else to do
        }
    }

    /** A fresh 2048-bit RSA key pair. */
    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path file, String label, Key key) throws IOException {
        String pem = "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
        return Files.writeString(file, pem);
    }
}
