package io.quarkiverse.eventstream.it.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkiverse.eventstream.it.support.Nginx;

/**
 * The extension's browser client on the demo page, in Chromium, against the packaged application, which this test
 * starts, kills, stops and restarts on the script's request, with a fresh H2 file database under
 * {@code target/demo-it/} and an nginx in front of it that answers 502 while it is down.
 * {@code src/test/browser/demo-resilience.mjs} checks: typed events arrive and the first request sends the rendered
 * cursor; the private stream sends {@code Authorization: Bearer demo-token}; without a token the page shows 401, with
 * another user's token 403, and the client sends no further request; after leaving the page and coming back, the chat
 * shows what it showed and what was published meanwhile, once each, in order, resumed from the stored cursor; after a
 * kill and a restart, messages published right before the kill and after the restart arrive once each, in order;
 * through nginx the client keeps retrying on 502 (error events with the status, readyState CONNECTING) and resumes;
 * a cursor of another epoch brings a {@code stream-reset}, a visible notice and the chat history reloaded; and a
 * fragment published with {@code publishRaw} is swapped in by htmx.
 * <p>
 * Runs only with {@code -Dbrowser.tests=true} (which also turns on the failsafe run of this module); needs nginx besides
 * what {@link BrowserScript} needs.
 */
@EnabledIfSystemProperty(named = "browser.tests", matches = "true")
class DemoBrowserIT {

    @Test
    void clientResumesAcrossReloadsRestartsAndAProxy() throws Exception {
        Path jar = Path.of(System.getProperty("demo.jar", "target/quarkus-app/quarkus-run.jar"));
        Path workDir = Path.of("target", "demo-it", "run-" + System.currentTimeMillis()).toAbsolutePath();
        try (DemoApp app = DemoApp.create(jar, workDir)) {
            app.start();
            try (Nginx nginx = Nginx.builder(workDir.resolve("nginx")).upstream("127.0.0.1:" + app.port())
                    .dropOnUpstreamError(false).start()) {
                BrowserScript.run("demo-resilience.mjs", Duration.ofSeconds(330), command -> {
                    switch (command) {
                        case "kill" -> app.kill();
                        case "stop" -> app.stop();
                        case "start" -> app.start();
                        default -> throw new IllegalArgumentException("Unknown command " + command);
                    }
                }, app.uri("/").toString(), nginx.uri("/").toString());
            }
        }
    }
}
