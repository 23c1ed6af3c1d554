package io.quarkiverse.eventstream.it.demo;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Drives the demo page in a real browser: runs {@code src/test/browser/demo-page.mjs} (Playwright with the system
 * Chromium) against the running application: two pages go live, the clock ticks, a chat message and a raw event reach
 * both, and a fragment published through the htmx form is swapped into both. Runs only with
 * {@code -Dbrowser.tests=true}; see {@link BrowserScript} for what it needs.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "browser.tests", matches = "true")
class DemoPageBrowserTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void demoPageWorksInABrowser() throws Exception {
        BrowserScript.run("demo-page.mjs", Duration.ofSeconds(90), command -> {
            throw new UnsupportedOperationException(command);
        }, base.toString());
    }
}
