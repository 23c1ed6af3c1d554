package io.quarkiverse.eventstream.runtime.grip;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;

/**
 * The GRIP configuration, read once and checked: {@link #problems} names every bad value, and the application does not
 * start while there is one.
 *
 * @param verifyKey verifies {@code Grip-Sig}; {@code null} when requests are never answered for a proxy
 * @param issuer the {@code iss} a {@code Grip-Sig} must carry, or {@code null}
 * @param linkSecret signs the recovery links; {@code null} without {@code verifyKey}
 * @param proxies the proxies every event is published to
 * @param names the proxy's channel names
 * @param recoveryInterval the next link's timeout
 */
public record GripSettings(Jwt.VerifyKey verifyKey, String issuer, byte[] linkSecret, List<Proxy> proxies,
        GripNames names, Duration recoveryInterval) {

    private static final String PREFIX = "quarkus.eventstream.grip.";
    private static final int MIN_LINK_KEY_BYTES = 32;

    /**
     * One proxy's control API.
     *
     * @param name the name in the configuration
     * @param publishUri where items are posted
     * @param issuer the issuer of the control JWT, or {@code null}
     * @param jwtSecret the secret of the control JWT (made per request), or {@code null}
     * @param bearer a token sent as it is, or {@code null}
     */
    public record Proxy(String name, URI publishUri, String issuer, byte[] jwtSecret, String bearer) {

        /**
         * @return the {@code Authorization} header of a publish made now, or {@code null}
         */
        String authorization(long nowSeconds) {
            if (jwtSecret != null) {
                var claims = Jwt.claims().put("iss", issuer).put("exp", nowSeconds + 3600);
                return "Bearer " + Jwt.signHs256(claims, jwtSecret);
            }
            return bearer == null ? null : "Bearer " + bearer;
        }
    }

    /**
     * @return whether streams may be answered for a proxy
     */
    public boolean answersProxies() {
        return verifyKey != null;
    }

    /**
     * @return whether anything is configured
     */
    public boolean enabled() {
        return verifyKey != null || !proxies.isEmpty();
    }

    /**
     * @throws IllegalArgumentException naming the first problem; {@link #problems} names them all
     */
    public static GripSettings of(EventStreamRuntimeConfig.Grip config) {
        List<String> problems = new ArrayList<>();
        GripSettings settings = read(config, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        return settings;
    }

    /**
     * @return every problem of the GRIP configuration, each naming its property
     */
    public static List<String> problems(EventStreamRuntimeConfig.Grip config) {
        List<String> problems = new ArrayList<>();
        read(config, problems);
        return problems;
    }

    private static GripSettings read(EventStreamRuntimeConfig.Grip config, List<String> problems) {
        Jwt.VerifyKey verifyKey = null;
        if (config.verifyKey().isPresent()) {
            try {
                verifyKey = Jwt.VerifyKey.parse(config.verifyKey().get());
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "verify-key is not usable: " + e.getMessage());
            }
        }
        byte[] linkSecret = linkSecret(config, verifyKey, problems);
        List<Proxy> proxies = new ArrayList<>();
        for (Map.Entry<String, EventStreamRuntimeConfig.GripProxy> entry : config.proxies().entrySet()) {
            proxies.add(proxy(entry.getKey(), entry.getValue(), problems));
        }
        if (config.verifyKey().isPresent() && proxies.isEmpty()) {
            problems.add(PREFIX + "verify-key is set but no proxy is: streams held by a proxy would receive no event;"
                    + " set " + PREFIX + "proxies.\"<name>\".control-uri");
        }
        String prefix = config.channelPrefix();
        if (!prefix.isEmpty() && !GripNames.safe(prefix)) {
            problems.add(PREFIX + "channel-prefix may hold letters, digits and . _ ~ - : / @ ! * + only: '" + prefix
                    + "'");
        }
        Duration interval = config.recoveryInterval();
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(PREFIX + "recovery-interval must be at least 1S: " + interval);
        }
        return new GripSettings(verifyKey, config.verifyIssuer().orElse(null), linkSecret, List.copyOf(proxies),
                new GripNames(prefix), interval);
    }

    private static byte[] linkSecret(EventStreamRuntimeConfig.Grip config, Jwt.VerifyKey verifyKey,
            List<String> problems) {
        Optional<String> linkKey = config.linkKey();
        if (linkKey.isPresent()) {
            try {
                byte[] secret = Jwt.secret(linkKey.get());
                if (secret.length < MIN_LINK_KEY_BYTES) {
                    problems.add(PREFIX + "link-key must be at least " + MIN_LINK_KEY_BYTES + " bytes long: it is "
                            + secret.length);
                }
                return secret;
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "link-key is not usable: " + e.getMessage());
                return null;
            }
        }
        if (verifyKey == null) {
            return null;
        }
        if (!verifyKey.isSecret()) {
            problems.add(PREFIX + "link-key must be set when " + PREFIX + "verify-key is a public key: the links a"
                    + " proxy follows to recover a stream are signed with it (a secret of at least "
                    + MIN_LINK_KEY_BYTES + " bytes, the same on every instance)");
            return null;
        }
        // a key of its own, that the proxy's signatures never reveal
        return Jwt.derive(verifyKey.secret(), "quarkus-eventstream grip link");
    }

    private static Proxy proxy(String name, EventStreamRuntimeConfig.GripProxy config, List<String> problems) {
        String property = PREFIX + "proxies.\"" + name + "\".";
        URI control = config.controlUri();
        URI publish = null;
        if (control.getScheme() == null || !control.getScheme().matches("https?") || control.getHost() == null) {
            problems.add(property + "control-uri must be an http or https URI: " + control);
        } else {
            String base = control.toString();
            publish = URI.create(base.endsWith("/") ? base + "publish/" : base + "/publish/");
        }
        byte[] jwtSecret = null;
        String bearer = null;
        if (config.controlIssuer().isPresent()) {
            if (config.controlKey().isEmpty()) {
                problems.add(property + "control-issuer is set without control-key, which signs the JWT");
            } else {
                try {
                    jwtSecret = Jwt.secret(config.controlKey().get());
                } catch (IllegalArgumentException e) {
                    problems.add(property + "control-key is not usable: " + e.getMessage());
                }
            }
        } else if (config.controlKey().isPresent()) {
            bearer = config.controlKey().get();
        }
        return new Proxy(name, publish, config.controlIssuer().orElse(null), jwtSecret, bearer);
    }
}
