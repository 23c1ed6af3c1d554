package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
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
 * System property: {@code nginx.bin} (the binary, default {@code nginx} on the {@code PATH}).
 */
public final class Nginx implements AutoCloseable {

    /** The default bound of {@link Builder#start()}: nginx usually answers within a few dozen milliseconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** How long a graceful stop ({@code SIGQUIT}) lets the open connections, e.g. held streams, run on. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final String PROBE_PATH = "/.nginx-probe/";
    private static final int BIND_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final Path configFile;
    private final Path logDir;
    private final int port;
    private final String upstream;
    private volatile boolean closed;

    private Nginx(Builder builder) throws IOException {
        this.workDir = builder.workDir.toAbsolutePath();
        Files.createDirectories(workDir);
        this.configFile = workDir.resolve("nginx.conf");
        this.logDir = Files.createDirectories(workDir.resolve("log"));
        // fresh logs: the lines of an earlier nginx in the same directory would answer awaitAccessLogLine
        for (String log : List.of("access.log", "error.log", "nginx.out")) {
            Files.deleteIfExists(logDir.resolve(log));
        }
        Path tempDir = Files.createDirectories(workDir.resolve("temp"));
        this.upstream = builder.upstream;
        this.port = freePort();
        Files.writeString(configFile, config(builder, tempDir));
        ProcessBuilder command = new ProcessBuilder(System.getProperty("nginx.bin", "nginx"), "-p", workDir + "/", "-e",
                logDir.resolve("error.log").toString(), "-c", configFile.toString(), "-g", "daemon off;")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("nginx.out").toFile());
        this.process = command.start();
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
        String bin = System.getProperty("nginx.bin", "nginx");
        if (bin.contains("/")) {
            return Files.isExecutable(Path.of(bin));
        }
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, bin)));
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

    /** The configuration file written for this nginx. */
    public Path configFile() {
        return configFile;
    }

    /** The directory of the error and access logs. */
    public Path logDir() {
        return logDir;
    }

    /** The master's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the master is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Every line of every log file, each prefixed with its file's name, e.g. {@code "access.log: 127.0.0.1 \"GET
     * /events/c HTTP/1.1\" 200 ... upstream_status=200 x_accel_buffering=-"}.
     */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.sorted().collect(Collectors.toList())) {
                String name = file.getFileName().toString();
                readLines(file).forEach(line -> lines.add(name + ": " + line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The lines of one log: {@code access}, {@code error}, or {@code nginx} (the master's output). */
    public List<String> logLines(String log) {
        return readLines(logDir.resolve(log.equals("nginx") ? "nginx.out" : log + ".log"));
    }

    /**
     * The first line of the access log that contains {@code text}, waiting for it at most {@code timeout}: nginx writes
     * a request's line when the request ends, for a stream once the client or the upstream closed it.
     *
     * @throws IOException if no such line came in time, or nginx exited first
     */
    public String awaitAccessLogLine(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : logLines("access")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive() || System.nanoTime() - deadline >= 0) {
                throw new IOException("No access log line with " + text + " within " + timeout
                        + (process.isAlive() ? "" : " (nginx exited)") + "; logs:\n" + logTail(20));
            }
            // the pause between two polls, cut short if the master exits
            process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The last {@code count} lines of {@link #logLines()}, one string, for failure messages. */
    public String logTail(int count) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * Stops nginx gracefully ({@code SIGQUIT}: the worker closes the connections still open after
     * {@code worker_shutdown_timeout}), then with {@code SIGTERM}, then forcibly, each after a bound; the worker too,
     * should the master die before it.
     *
     * @throws IllegalStateException if a process of this nginx is still alive after all that
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the worker is the master's child: take it before the master exits and it is re-parented
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().collect(Collectors.toList()));
        tree.add(process.toHandle());
        try {
            if (process.isAlive()) {
                signalQuit(process.pid());
            }
            awaitExit(tree, STOP_TIMEOUT);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
            awaitExit(tree, STOP_TIMEOUT);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        if (!alive.isEmpty()) {
            throw new IllegalStateException("nginx processes still alive after close: " + alive);
        }
    }

    @Override
    public String toString() {
        return "Nginx[pid=" + process.pid() + ", port=" + port + ", upstream=" + upstream + ", dir=" + workDir + "]";
    }

    private void awaitStarted(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("nginx exited with " + process.exitValue() + " while starting; "
                            + diagnostics());
                }
                if (probed()) {
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("nginx did not start within " + timeout + "; " + diagnostics());
                }
                // the pause between two polls, cut short if the master exits
                process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while nginx was starting", e);
        }
    }

    /** Whether a worker answers the probe location: the master may accept connections before one does. */
    private boolean probed() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + PROBE_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.1 204 ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the master exited because another process took the port between {@link #freePort()} and its bind. */
    private boolean lostThePort() {
        return !process.isAlive() && Stream.concat(logLines("nginx").stream(), logLines("error").stream())
                .anyMatch(line -> line.contains("bind()") && line.contains("Address already in use"));
    }

    private String diagnostics() {
        return "config " + configFile + ", logs:\n" + logTail(40);
    }

    private String config(Builder builder, Path tempDir) {
        StringBuilder text = new StringBuilder("# written by ").append(Nginx.class.getName()).append('\n');
        if ("root".equals(System.getProperty("user.name"))) {
            // as root, the worker would run as nobody: keep it the test's user, so that it can use the work directory
            text.append("user root;\n");
        }
        text.append("worker_processes 1;\n")
                .append("pid ").append(workDir.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(logDir.resolve("error.log")).append(" info;\n")
                // bounds a graceful stop, which would otherwise wait for every held stream to end
                .append("worker_shutdown_timeout ").append(SHUTDOWN_GRACE.toSeconds()).append("s;\n")
                .append("events {\n    worker_connections 1024;\n}\n")
                .append("http {\n")
                .append("    log_format upstream '$remote_addr \"$request\" $status $body_bytes_sent $request_time'\n")
                .append("        ' upstream=$upstream_addr upstream_status=$upstream_status'\n")
                .append("        ' x_accel_buffering=$upstream_http_x_accel_buffering';\n")
                .append("    access_log ").append(logDir.resolve("access.log")).append(" upstream;\n");
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
        text.append("        }\n")
                // the upstream is down or restarting: close the client's connection without a response
                .append("        error_page 502 504 = @drop;\n")
                .append("        location @drop {\n")
                .append("            return 444;\n")
                .append("        }\n")
                .append("    }\n")
                .append("}\n");
        return text.toString();
    }

    private static void signalQuit(long pid) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill command: the SIGTERM that follows stops nginx too, at once
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> readLines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            // a line being written may hold a partial character
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }

    /**
     * Collects the upstream and settings of an {@link Nginx}; {@link #start()} starts it.
     */
    public static final class Builder {

        private final Path workDir;
        private final List<String> directives = new ArrayList<>();
        private String upstream;
        private boolean proxyBuffering;
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
            for (int attempt = 1;; attempt++) {
                Nginx nginx = new Nginx(this);
                try {
                    nginx.awaitStarted(startTimeout);
                    return nginx;
                } catch (IOException | RuntimeException e) {
                    boolean retry = attempt < BIND_ATTEMPTS && nginx.lostThePort();
                    try {
                        nginx.close();
                    } catch (RuntimeException closing) {
                        e.addSuppressed(closing);
                    }
                    if (!retry) {
                        throw e;
                    }
                }
            }
        }
    }
}
