package io.quarkiverse.eventstream.it.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.eventstream.it.support.Pushpin;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private Pushpin in front of the test application, and the GRIP settings that make the application answer for it.
 */
public class PushpinProxy implements QuarkusTestResourceLifecycleManager {

    /** The running proxy, for the tests that read through it. */
    static volatile Pushpin pushpin;

    @Override
    public Map<String, String> start() {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        try {
            pushpin = Pushpin.start(Path.of("target", "pushpin"), List.of("127.0.0.1:" + port), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.eventstream.grip.verify-key", pushpin.sigKey(),
                "quarkus.eventstream.grip.verify-issuer", pushpin.sigIss(),
                "quarkus.eventstream.grip.proxies.pushpin.control-uri", pushpin.controlUri().toString());
    }

    @Override
    public void stop() {
        if (pushpin != null) {
            pushpin.close();
            pushpin = null;
        }
    }
}
