package io.quarkiverse.eventstream.it.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Playwright scripts in {@code src/test/browser} with Node.js and the system Chromium, and fails the
 * test unless it exits with 0 in time. A script asks the test for things it cannot do itself (stop or start the
 * application) with a line {@code @@control <command>} on its output; the test does it and answers {@code ok} or
 * {@code fail <why>} on the script's input.
 * <p>
 * Needs Node.js, {@code /usr/bin/chromium} (Debian package {@code chromium}) and {@code npm ci} in
 * {@code src/test/browser}.
 */
final class BrowserScript {

    /** What the test does for a {@code @@control} line; throws to answer {@code fail}. */
    @FunctionalInterface
    interface Control {
        void run(String command) throws Exception;
    }

    static final Path BROWSER_DIR = Path.of("src", "test", "browser").toAbsolutePath();

    private static final String CONTROL = "@@control ";

    private BrowserScript() {
    }

    /**
     * Runs {@code node <script> <arguments...>}, waits for it at most {@code timeout} and asserts exit code 0.
     */
    static void run(String script, Duration timeout, Control control, String... arguments) throws Exception {
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
            fail("%s has no node_modules/playwright-core: run `npm ci` in that folder first", BROWSER_DIR);
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command).directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> follow(script, node, output, control), script + " output");
        reader.setDaemon(true);
        reader.start();

        boolean finished = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
            fail("%s did not finish within %s and was killed; its output:%n%s", script, timeout, printed);
        }
        assertThat(node.exitValue()).as("exit code of %s; its output:%n%s", script, printed).isZero();
    }

    private static void follow(String script, Process process, StringBuilder output, Control control) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer answers = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[" + script + "] " + line);
                synchronized (output) {
                    output.append(line).append(System.lineSeparator());
                }
                if (line.startsWith(CONTROL)) {
                    String answer;
                    try {
                        control.run(line.substring(CONTROL.length()).trim());
                        answer = "ok";
                    } catch (Exception | AssertionError e) {
                        answer = "fail " + String.valueOf(e).replace('\n', ' ');
                    }
                    System.out.println("[" + script + "] <- " + answer);
                    answers.write(answer + "\n");
                    answers.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
