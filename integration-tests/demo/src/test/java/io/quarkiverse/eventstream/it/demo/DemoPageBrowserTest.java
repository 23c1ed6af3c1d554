package io.quarkiverse.eventstream.it.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Drives the demo page in a real browser: runs {@code src/test/browser/demo-page.mjs} (Playwright with the system
 * Chromium) against the running application. Runs only with {@code -Dbrowser.tests=true}; needs Node.js,
 * {@code /usr/bin/chromium} (Debian package {@code chromium}) and {@code npm ci} in {@code src/test/browser}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "browser.tests", matches = "true")
class DemoPageBrowserTest {

    private static final Path BROWSER_DIR = Path.of("src", "test", "browser").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 90;

    @TestHTTPResource("/")
    URI base;

    @Test
    void demoPageWorksInABrowser() throws Exception {
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
            fail("%s has no node_modules/playwright-core: run `npm ci` in that folder first", BROWSER_DIR);
        }
        Process node = new ProcessBuilder("node", "demo-page.mjs", base.toString())
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> copyOutput(node, output), "demo-page.mjs output");
        reader.setDaemon(true);
        reader.start();

        boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            // the browser processes are children of node: end them too
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String printed;
        synchronized (output) {
            printed = output.toString();
        }
        if (!finished) {
            fail("demo-page.mjs did not finish within %d s and was killed; its output:%n%s", TIMEOUT_SECONDS, printed);
        }
        assertThat(node.exitValue()).as("exit code of demo-page.mjs; its output:%n%s", printed).isZero();
    }

    private static void copyOutput(Process process, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[demo-page.mjs] " + line);
                synchronized (output) {
                    output.append(line).append(System.lineSeparator());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
