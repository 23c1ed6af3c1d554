package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private <a href="https://www.haproxy.org">HAProxy</a> for integration tests: its own configuration and a free
 * loopback port, so that it never meets the system service nor another test's HAProxy.
 * <p>
 * It runs the installed {@code haproxy} binary (tested with Debian's 2.6.12) in the foreground
 * ({@code haproxy -db -f <conf>}) with a plain HTTP frontend and backend and the timeouts of Debian's packaged
 * configuration ({@code timeout connect 5s}, {@code timeout client 50s}, {@code timeout server 50s}); nothing else is
 * tuned unless a test asks, e.g. {@code option http-no-delay}:
 *
 * <pre>
 * try (HAProxy haproxy = HAProxy.builder(workDir).backend("127.0.0.1:" + appPort).option("http-no-delay").start()) {
 *     // clients connect to haproxy.uri("/events/...")
 * }
 * </pre>
 *
 * While the backend is down, HAProxy answers {@code 503}. Its output goes to {@code log/haproxy.out}; it does not log
 * requests (HAProxy logs to syslog only).
 * <p>
 * System property: {@code haproxy.bin} (the binary, default {@code haproxy} on the {@code PATH}).
 */
public final class HAProxy extends LocalServer implements AutoCloseable {

    /** The default bound of {@link Builder#start()}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final String PROBE_PATH = "/.haproxy-probe/";

    private final int port;
    private final String backend;

    private HAProxy(Builder builder) throws IOException {
        super("HAProxy", builder.workDir, "haproxy.cfg", POLL_INTERVAL);
        Files.deleteIfExists(logDir().resolve("haproxy.out"));
        this.backend = builder.backend;
        this.port = freePorts(1)[0];
        StringBuilder config = new StringBuilder("# written by ").append(HAProxy.class.getName()).append('\n')
                .append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect 5s\n")
                .append("    timeout client 50s\n")
                .append("    timeout server 50s\n");
        builder.options.forEach(option -> config.append("    option ").append(option).append('\n'));
        config.append("frontend matrix\n")
                .append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    http-request return status 204 if { path ").append(PROBE_PATH).append(" }\n")
                .append("    default_backend app\n")
                .append("backend app\n")
                .append("    server app ").append(backend).append('\n');
        Files.writeString(configFile(), config.toString());
        launch(List.of(bin(), "-db", "-f", configFile().toString()), "haproxy.out");
    }

    /** A builder for an HAProxy whose files go under {@code workDir}: {@code haproxy.cfg} and {@code log/}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Whether a {@code haproxy} binary can be started here. */
    public static boolean installed() {
        return executable(bin());
    }

    /** The port clients connect to (plain HTTP on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Where HAProxy passes the requests to. */
    public String backend() {
        return backend;
    }

    @Override
    public String toString() {
        return "HAProxy[pid=" + pid() + ", port=" + port + ", backend=" + backend + ", dir=" + workDir() + "]";
    }

    @Override
    boolean ready() {
        String answer = get(port, PROBE_PATH, read -> false);
        return answer != null && answer.startsWith("HTTP/1.1 204 ");
    }

    private static String bin() {
        return System.getProperty("haproxy.bin", "haproxy");
    }

    /**
     * Collects the backend and options of an {@link HAProxy}; {@link #start()} starts it.
     */
    public static final class Builder {

        private final Path workDir;
        private final List<String> options = new ArrayList<>();
        private String backend;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Where every request goes: {@code "127.0.0.1:port"}. */
        public Builder backend(String backend) {
            this.backend = backend;
            return this;
        }

        /** Adds {@code option <option>} to the {@code defaults} section, e.g. {@code "http-no-delay"}. */
        public Builder option(String option) {
            options.add(option);
            return this;
        }

        /** How long {@link #start()} waits for HAProxy to answer. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Writes the configuration and starts HAProxy on a free loopback port, then waits until it answers a probe
         * path of its own.
         *
         * @throws IOException if it did not start in time (the message has its output); it is stopped then
         */
        public HAProxy start() throws IOException {
            if (backend == null) {
                throw new IllegalStateException("No backend");
            }
            if (!installed()) {
                throw new IllegalStateException("HAProxy is not installed: apt-get install haproxy (Debian's package,"
                        + " which .ci/run installs)");
            }
            HAProxy haproxy = new HAProxy(this);
            try {
                haproxy.awaitStarted(startTimeout);
            } catch (IOException | RuntimeException e) {
                haproxy.closeAfter(e);
                throw e;
            }
            return haproxy;
        }
    }
}
