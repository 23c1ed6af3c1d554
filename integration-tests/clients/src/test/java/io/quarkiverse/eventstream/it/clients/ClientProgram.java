package io.quarkiverse.eventstream.it.clients;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One client of the matrix: how to start its program (see {@code src/test/clients/README.md}) on a stream URL.
 *
 * @param name the client's name in the table
 * @param command the command line before the two arguments (the URL and the event types)
 * @param environment what the program needs besides its arguments
 */
record ClientProgram(String name, List<String> command, Map<String, String> environment) {

    /** A Node program in {@code src/test/clients}. */
    static ClientProgram node(String name, String script) {
        return new ClientProgram(name, List.of("node", programs().resolve(script).toString()), Map.of());
    }

    /**
     * A library run in the shared headless Chromium by {@code browser.mjs}, on a page of another origin:
     * {@code native} (the browser's {@code EventSource}), or the npm package of that name.
     */
    static ClientProgram browser(String name, String library) {
        return new ClientProgram(name, List.of("node", programs().resolve("browser.mjs").toString()),
                Map.of("MATRIX_LIB", library));
    }

    /** A Python program in {@code src/test/clients}, run by the virtual environment's interpreter. */
    static ClientProgram python(String name, String script) {
        return new ClientProgram(name,
                List.of(System.getProperty("clients.python", "target/venv/bin/python"), "-u",
                        programs().resolve(script).toString()),
                Map.of());
    }

    /** A main class of the test classpath, run in a JVM of its own with {@code properties} ({@code key=value}). */
    static ClientProgram java(String name, Class<?> main, String... properties) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        for (String property : List.of("okhttp-eventsource.version")) {
            command.add("-D" + property + "=" + System.getProperty(property, "?"));
        }
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.add(main.getName());
        return new ClientProgram(name, List.copyOf(command), Map.of());
    }

    static Path programs() {
        return Path.of(System.getProperty("clients.programs", "src/test/clients")).toAbsolutePath();
    }
}
