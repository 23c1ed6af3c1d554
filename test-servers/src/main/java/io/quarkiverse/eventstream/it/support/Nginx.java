package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private <a href="https://nginx.org">nginx</a> reverse proxy for integration tests, e.g. in front of a
 * {@link Pushpin} as in production (TLS termination, one public port for the application and its streams): its own
 * configuration, pid file, logs and temporary directories under a work directory, and a free loopback port, so that it
 * never meets the system service (nor port 80) nor another test's nginx.
 * <p>
 * It runs the installed {@code nginx} binary (tested with Debian's 1.22.1) as
 * {@code nginx -p <workDir>/ -e <error log> -c <conf> -g 'daemon off;'}, one master and one worker. The configuration
 * has one {@code server} that passes every request to one upstream with the settings an event stream needs:
 *
 * <pre>
 * location / {
 *     proxy_pass http://&lt;upstream&gt;;
 *     proxy_http_version 1.1;
 *     proxy_set_header Connection "";
 *     proxy_set_header Host $host;
 *     proxy_buffering off;
 *     proxy_cache off;
 *     proxy_read_timeout 1h;
 * }
 * error_page 502 504 = @drop;
 * location &#64;drop {
 *     return 444;
 * }
 * </pre>
 *
 * The last two make nginx close the client's connection without a response while the upstream is down or restarting:
 * a browser's {@code EventSource} gives up on a {@code 502}, but retries after a dropped connection.
 * {@link Builder#dropWhenUpstreamDown(boolean) dropWhenUpstreamDown(false)} leaves them out, so that nginx answers
 * {@code 502 Bad Gateway} as it does by default, for clients that retry on it.
 * <p>
 * The access log ({@code log/access.log}) names, for each request, the upstream's status and the
 * {@code X-Accel-Buffering} header the upstream sent ({@code x_accel_buffering=...}); nginx writes a request's line
 * when it ends, for a stream when either side closes it.
 *
 * <pre>
 * try (Nginx nginx = Nginx.builder(workDir).upstream("127.0.0.1:" + pushpin.httpPort()).start()) {
 *     // clients connect to nginx.uri("/events/...")
 * }
 * </pre>
 *
 * {@link #close()} stops nginx gracefully ({@code SIGQUIT}: the worker closes the connections still open after
 * {@code worker_shutdown_timeout}), then with {@code SIGTERM}, then forcibly, each after a bound.
 * <p>
 * System property: {@code nginx.bin} (the binary, default {@code nginx} on the {@code PATH}).
 */
public final class Nginx extends LocalServer implements AutoCloseable {

    /** The default bound of {@link Builder#start()}: nginx usually answers within a few dozen milliseconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** How long a graceful stop ({@code SIGQUIT}) lets the open connections, e.g. held streams, run on. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final String PROBE_PATH = "/.nginx-probe/";
    private static final int BIND_ATTEMPTS = 3;

    private final int port;
    private final String upstream;

    private Nginx(Builder builder) throws IOException {
        super("nginx", builder.workDir, "nginx.conf", POLL_INTERVAL);
        // fresh logs: the lines of an earlier nginx in the same directory would answer awaitAccessLogLine
        for (String log : List.of("access.log", "error.log", "nginx.out")) {
            Files.deleteIfExists(logDir().resolve(log));
        }
        Path tempDir = Files.createDirectories(workDir().resolve("temp"));
        this.upstream = builder.upstream;
        this.port = freePorts(1)[0];
        Files.writeString(configFile(), config(builder, tempDir));
        launch(List.of(bin(), "-p", workDir() + "/", "-e", logDir().resolve("error.log").toString(), "-c",
                configFile().toString(), "-g", "daemon off;"), "nginx.out");
    }

    /**
     * A builder for an nginx whose files go under {@code workDir}: {@code nginx.conf}, {@code nginx.pid},
     * {@code log/} (error and access logs, and the master's output; those of an earlier nginx in the same directory are
     * deleted) and {@code temp/}.
     */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Starts an nginx that passes every request to {@code upstream} ({@code "127.0.0.1:port"}). */
    public static Nginx start(Path workDir, String upstream) throws IOException {
        return builder(workDir).upstream(upstream).start();
    }

    /** Whether an {@code nginx} binary can be started here. */
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

    /** Where nginx passes the requests to. */
    public String upstream() {
        return upstream;
    }

    /** The lines of one log: {@code access}, {@code error}, or {@code nginx} (the master's output). */
    public List<String> logLines(String log) {
        return readLines(logDir().resolve(log.equals("nginx") ? "nginx.out" : log + ".log"));
    }

    /**
     * The first line of the access log that contains {@code text}, waiting for it at most {@code timeout}: nginx writes
     * a request's line when the request ends, for a stream once the client or the upstream closed it.
     *
     * @throws IOException if no such line came in time, or nginx exited first
     */
    public String awaitAccessLogLine(String text, Duration timeout) throws IOException, InterruptedException {
        String found = poll(timeout, () -> logLines("access").stream().filter(line -> line.contains(text)).findFirst()
                .orElse(null));
        if (found == null) {
            throw new IOException("No access log line with " + text + " within " + timeout
                    + (isAlive() ? "" : " (nginx exited)") + "; logs:\n" + logTail(20));
        }
        return found;
    }

    /**
     * The first step of {@link #close()}: stops nginx gracefully ({@code SIGQUIT}: the worker closes the connections
     * still open after {@code worker_shutdown_timeout}); {@code SIGTERM}, then a forcible stop, follow each after a bound.
     */
    @Override
    void requestStop() throws InterruptedException {
        if (isAlive()) {
            signal("QUIT");
        }
    }

    @Override
    public String toString() {
        return "Nginx[pid=" + pid() + ", port=" + port + ", upstream=" + upstream + ", dir=" + workDir() + "]";
    }

    /** Whether a worker answers the probe location: the master may accept connections before one does. */
    @Override
    boolean ready() {
        String answer = get(port, PROBE_PATH, read -> false);
        return answer != null && answer.startsWith("HTTP/1.1 204 ");
    }

    /** Whether the master exited because another process took the port between {@link #freePorts} and its bind. */
    private boolean lostThePort() {
        return !isAlive() && Stream.concat(logLines("nginx").stream(), logLines("error").stream())
                .anyMatch(line -> line.contains("bind()") && line.contains("Address already in use"));
    }

    private String config(Builder builder, Path tempDir) {
        StringBuilder text = new StringBuilder("# written by ").append(Nginx.class.getName()).append('\n');
        if ("root".equals(System.getProperty("user.name"))) {
            // as root, the worker would run as nobody: keep it the test's user, so that it can use the work directory
            text.append("user root;\n");
        }
        text.append("worker_processes 1;\n")
                .append("pid ").append(workDir().resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(logDir().resolve("error.log")).append(" info;\n")
                // bounds a graceful stop, which would otherwise wait for every held stream to end
                .append("worker_shutdown_timeout ").append(SHUTDOWN_GRACE.toSeconds()).append("s;\n")
                .append("events {\n    worker_connections 1024;\n}\n")
                .append("http {\n")
                .append("    log_format upstream '$remote_addr \"$request\" $status $body_bytes_sent $request_time'\n")
                .append("        ' upstream=$upstream_addr upstream_status=$upstream_status'\n")
                .append("        ' x_accel_buffering=$upstream_http_x_accel_buffering';\n")
                .append("    access_log ").append(logDir().resolve("access.log")).append(" upstream;\n");
        // never the package's /var/lib/nginx
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            text.append("    ").append(temp).append("_temp_path ").append(tempDir.resolve(temp)).append(";\n");
        }
        text.append("    server {\n")
                .append("        listen 127.0.0.1:").append(port).append(";\n")
                .append("        location = ").append(PROBE_PATH).append(" {\n")
                .append("            access_log off;\n")
                .append("            return 204;\n")
                .append("        }\n")
                .append("        location / {\n")
                .append("            proxy_pass http://").append(upstream).append(";\n")
                .append("            proxy_http_version 1.1;\n")
                .append("            proxy_set_header Connection \"\";\n")
                .append("            proxy_set_header Host $host;\n");
        if (!builder.proxyBuffering) {
            text.append("            proxy_buffering off;\n");
        }
        text.append("            proxy_cache off;\n")
                .append("            proxy_read_timeout 1h;\n");
        builder.directives.forEach(directive -> text.append("            ").append(directive).append('\n'));
        text.append("        }\n");
        if (builder.dropWhenUpstreamDown) {
            // the upstream is down or restarting: close the client's connection without a response
            text.append("        error_page 502 504 = @drop;\n")
                    .append("        location @drop {\n")
                    .append("            return 444;\n")
                    .append("        }\n");
        }
        text.append("    }\n")
                .append("}\n");
        return text.toString();
    }

    private static String bin() {
        return System.getProperty("nginx.bin", "nginx");
    }

    /**
     * Collects the upstream and settings of an {@link Nginx}; {@link #start()} starts it.
     */
    public static final class Builder {

        private final Path workDir;
        private final List<String> directives = new ArrayList<>();
        private String upstream;
        private boolean proxyBuffering;
        private boolean dropWhenUpstreamDown = true;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Where every request goes: {@code "127.0.0.1:port"}. */
        public Builder upstream(String upstream) {
            this.upstream = upstream;
            return this;
        }

        /**
         * Whether nginx buffers the upstream's responses: {@code false} (the default) writes
         * {@code proxy_buffering off}; {@code true} leaves nginx's default ({@code on}), for tests of what changes
         * then. An upstream's {@code X-Accel-Buffering: no} turns buffering off for its response either way.
         */
        public Builder proxyBuffering(boolean on) {
            this.proxyBuffering = on;
            return this;
        }

        /**
         * Whether nginx closes the client's connection without a response when the upstream is down ({@code true}, the
         * default: a browser's {@code EventSource} retries then) or answers {@code 502 Bad Gateway} ({@code false}:
         * nginx's own behaviour, which clients that retry on a 5xx handle).
         */
        public Builder dropWhenUpstreamDown(boolean drop) {
            this.dropWhenUpstreamDown = drop;
            return this;
        }

        /** Adds a directive to {@code location /} as is, e.g. {@code "proxy_set_header X-Forwarded-Proto $scheme;"}. */
        public Builder directive(String directive) {
            directives.add(directive);
            return this;
        }

        /** How long {@link #start()} waits for nginx to answer. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Writes the configuration and starts nginx on a free loopback port, then waits until it answers a probe
         * location of its own ({@code location = /.nginx-probe/}). Should another process take the port first, it
         * tries again on another one.
         *
         * @throws IOException if it did not start in time (the message has the end of its logs); it is stopped then
         */
        public Nginx start() throws IOException {
            if (upstream == null) {
                throw new IllegalStateException("No upstream");
            }
            if (!installed()) {
                throw new IllegalStateException("nginx is not installed: apt-get install nginx (Debian's package, which"
                        + " .ci/run installs)");
            }
            for (int attempt = 1;; attempt++) {
                Nginx nginx = new Nginx(this);
                try {
                    nginx.awaitStarted(startTimeout);
                    return nginx;
                } catch (IOException | RuntimeException e) {
                    boolean retry = attempt < BIND_ATTEMPTS && nginx.lostThePort();
                    nginx.closeAfter(e);
                    if (!retry) {
                        throw e;
                    }
                }
            }
        }
    }
}
