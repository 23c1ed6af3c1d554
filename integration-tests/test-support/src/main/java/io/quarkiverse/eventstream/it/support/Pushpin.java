package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;

/**
 * A private <a href="https://pushpin.org">Pushpin</a> (GRIP proxy) for integration tests: its own configuration, run
 * and log directories, and free loopback ports, so that it never meets the system service nor another test's Pushpin.
 * <p>
 * It runs the installed {@code pushpin} runner (tested with Debian's 1.36.0), which starts {@code condure} (client
 * connections), {@code zurl} (requests to the backends), {@code pushpin-proxy} and {@code pushpin-handler}. The
 * configuration is written from scratch with the packaged defaults, except for every listening port and socket, which
 * are private, {@code updates_check=off}, and a random {@code sig_key} unless one is given.
 *
 * <pre>
 * try (Pushpin pushpin = Pushpin.builder(workDir).backend("127.0.0.1:" + appPort).set("handler.message_rate", "0").start()) {
 *     // clients connect to pushpin.httpPort(); the application publishes to pushpin.controlUri()
 * }
 * </pre>
 *
 * Limits of {@code pushpin-handler} worth knowing in tests (the packaged defaults, kept here): {@code message_rate=2500}
 * deliveries per second (one item to 1,000 streams is 1,000 deliveries; {@code 0} turns the limit off),
 * {@code message_hwm=25000} deliveries waiting for that rate, beyond which Pushpin drops them and logs "exceeded publish
 * hwm", {@code id_cache_ttl=60}: an item whose id was already published on its channel within 60 s is dropped, and
 * {@code message_wait=5000}: an item whose {@code prev-id} Pushpin has not seen waits up to 5 s for its predecessor.
 * <p>
 * System properties: {@code pushpin.bin} (the runner, default {@code pushpin} on the {@code PATH}) and
 * {@code pushpin.internal-conf} (default {@code /usr/lib/pushpin/internal.conf} or {@code /usr/local/lib/...}).
 */
public final class Pushpin implements AutoCloseable {

    /** The default bound of {@link Builder#start()}: the runner and its four services are usually up within a second. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final String PROBE_PATH = "/.pushpin-probe/";
    private static final String PROBE_BODY = "pushpin-probe-held\n";
    // a Unix socket path has at most 107 bytes; the longest name Pushpin binds in the run directory is
    // "<prefix>condure-out-stream"
    private static final int MAX_RUN_DIR_LENGTH = 80;
    private static final String IPC_PREFIX = "pp-";
    // the keys this class owns: a test that sets one would break the isolation or the accessors
    private static final Set<String> RESERVED = Set.of("global.include", "global.rundir", "global.ipc_prefix",
            "global.port_offset", "runner.http_port", "runner.logdir", "proxy.routesfile", "handler.push_in_spec",
            "handler.push_in_sub_specs", "handler.push_in_http_addr", "handler.push_in_http_port", "handler.command_spec",
            "handler.stats_spec");

    private final Process process;
    private final Path workDir;
    private final Path configFile;
    private final Path logDir;
    private final Path runDir;
    private final boolean runDirIsTemporary;
    private final int httpPort;
    private final int controlPort;
    private final int pushInPort;
    private final int pushInSubPort;
    private final int commandPort;
    private final String sigKey;
    private final String sigIss;
    private final HttpServer probe;
    // the services, once started: the runner's children, kept in case the runner dies first
    private volatile List<ProcessHandle> services = List.of();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean closed;

    private Pushpin(Builder builder) throws IOException {
        this.workDir = builder.workDir.toAbsolutePath();
        Files.createDirectories(workDir);
        this.configFile = workDir.resolve("pushpin.conf");
        this.logDir = Files.createDirectories(workDir.resolve("log"));
        Path preferredRunDir = workDir.resolve("run");
        if (preferredRunDir.toString().length() <= MAX_RUN_DIR_LENGTH) {
            this.runDir = Files.createDirectories(preferredRunDir);
            this.runDirIsTemporary = false;
        } else {
            this.runDir = Files.createTempDirectory(Path.of("/tmp"), "pushpin-");
            this.runDirIsTemporary = true;
        }
        this.sigKey = builder.sigKey != null ? builder.sigKey : randomSecret();
        this.sigIss = builder.settings.getOrDefault("proxy.sig_iss", "pushpin");
        int[] ports = freePorts(5);
        this.httpPort = ports[0];
        this.controlPort = ports[1];
        this.pushInPort = ports[2];
        this.pushInSubPort = ports[3];
        this.commandPort = ports[4];

        this.probe = startProbe();
        try {
            Path routesFile = workDir.resolve("routes");
            List<String> routes = new ArrayList<>();
            // the longest path_beg wins, whatever the order
            routes.add("*,path_beg=" + PROBE_PATH + " 127.0.0.1:" + probe.getAddress().getPort());
            routes.addAll(builder.routes);
            Files.writeString(routesFile, String.join("\n", routes) + "\n");
            Files.writeString(configFile, config(routesFile, builder.settings));

            Path pushpinLog = logDir.resolve("pushpin.log");
            ProcessBuilder command = new ProcessBuilder(System.getProperty("pushpin.bin", "pushpin"), "--config",
                    configFile.toString(), "--logfile", pushpinLog.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logDir.resolve("pushpin.out").toFile());
            this.process = command.start();
        } catch (IOException | RuntimeException e) {
            probe.stop(0);
            if (runDirIsTemporary) {
                deleteTree(runDir);
            }
            throw e;
        }
    }

    /**
     * A builder for a Pushpin whose files go under {@code workDir} ({@code pushpin.conf}, {@code routes}, {@code log/},
     * and {@code run/} when its path is short enough for Unix sockets, else a directory under {@code /tmp}).
     */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * Starts a Pushpin that spreads every request over {@code backends} ({@code "127.0.0.1:port"} each).
     *
     * @param settings Pushpin settings as {@code "section.key" -> value}, e.g. {@code "handler.message_rate"},
     *        {@code "proxy.sig_key"} or {@code "runner.client_maxconn"}
     */
    public static Pushpin start(Path workDir, List<String> backends, Map<String, String> settings) throws IOException {
        Builder builder = builder(workDir).backends(backends);
        settings.forEach(builder::set);
        return builder.start();
    }

    /** Whether a Pushpin runner can be started here (the {@code pushpin} binary and its internal configuration). */
    public static boolean installed() {
        if (internalConf() == null) {
            return false;
        }
        String bin = System.getProperty("pushpin.bin", "pushpin");
        if (bin.contains("/")) {
            return Files.isExecutable(Path.of(bin));
        }
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, bin)));
    }

    /** The port clients connect to (plain HTTP on 127.0.0.1). */
    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<httpPort>} followed by {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The port of Pushpin's HTTP control server ({@code push_in_http_port}), where applications publish. */
    public int controlPort() {
        return controlPort;
    }

    /** {@code http://127.0.0.1:<push_in_http_port>}: publish with {@code POST <controlUri>/publish/}. */
    public URI controlUri() {
        return URI.create("http://127.0.0.1:" + controlPort);
    }

    /** The ZeroMQ PULL socket for publishing ({@code push_in_spec}), e.g. {@code tcp://127.0.0.1:port}. */
    public String pushInSpec() {
        return "tcp://127.0.0.1:" + pushInPort;
    }

    /** The ZeroMQ SUB socket for publishing ({@code push_in_sub_specs}). */
    public String pushInSubSpec() {
        return "tcp://127.0.0.1:" + pushInSubPort;
    }

    /** The ZeroMQ REP socket for commands ({@code command_spec}). */
    public String commandSpec() {
        return "tcp://127.0.0.1:" + commandPort;
    }

    /** The key Pushpin signs the {@code Grip-Sig} JWT of every proxied request with (HS256). */
    public String sigKey() {
        return sigKey;
    }

    /** The {@code iss} claim of the {@code Grip-Sig} JWT ({@code pushpin} unless set). */
    public String sigIss() {
        return sigIss;
    }

    /** The directory of the runner's and the services' log files. */
    public Path logDir() {
        return logDir;
    }

    /** The configuration file written for this Pushpin. */
    public Path configFile() {
        return configFile;
    }

    /** The runner's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the runner is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Every line of every log file, each prefixed with its file's name, e.g. {@code "pushpin-proxy.log: [INFO] ... GET
     * http://... -> 127.0.0.1:18084"}.
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

    /** The lines of one service's log: {@code pushpin}, {@code condure}, {@code zurl}, {@code pushpin-proxy} or ... */
    public List<String> logLines(String service) {
        return readLines(logDir.resolve(service + ".log"));
    }

    /** The last {@code count} lines of {@link #logLines()}, one string, for failure messages. */
    public String logTail(int count) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * Publishes with {@code POST <controlUri>/publish/}.
     *
     * @param json the body, e.g. {@code {"items":[{"channel":"c","formats":{"http-stream":{"content":"..."}}}]}}
     * @return the response (Pushpin answers {@code 200 Published} when it accepted the items)
     */
    public HttpResponse<String> publish(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(controlUri().resolve("/publish/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Stops the runner with SIGTERM (it stops its services), then stops any service still alive, forcibly after a
     * bound.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        probe.stop(0);
        // the services are the runner's children: take them before the runner exits and they are re-parented
        List<ProcessHandle> tree = new ArrayList<>(services);
        process.descendants().filter(child -> !tree.contains(child)).forEach(tree::add);
        tree.add(process.toHandle());
        process.destroy();
        try {
            awaitExit(tree, STOP_TIMEOUT);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
            awaitExit(tree, STOP_TIMEOUT);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        if (runDirIsTemporary) {
            deleteTree(runDir);
        }
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        if (!alive.isEmpty()) {
            throw new IllegalStateException("Pushpin processes still alive after close: " + alive);
        }
    }

    @Override
    public String toString() {
        return "Pushpin[pid=" + process.pid() + ", http=" + httpPort + ", control=" + controlPort + ", dir=" + workDir
                + "]";
    }

    private void awaitStarted(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("Pushpin exited with " + process.exitValue() + " while starting; "
                            + diagnostics());
                }
                if (accepts(controlPort) && probed()) {
                    probe.stop(0);
                    services = process.descendants().collect(Collectors.toList());
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("Pushpin did not start within " + timeout + "; " + diagnostics());
                }
                // the pause between two polls, cut short if the runner exits
                process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while Pushpin was starting", e);
        }
    }

    /**
     * Whether a request through Pushpin to the probe backend was held: only then are condure, pushpin-proxy, zurl and
     * pushpin-handler all connected. Each one binds or connects its ZeroMQ sockets on its own, and a request that comes
     * too early fails, e.g. with {@code 500 Accept service unavailable.} while the proxy is not connected to the handler
     * yet, though every service already logged that it started and condure accepts connections.
     */
    private boolean probed() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 200);
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + PROBE_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[1024];
            int read;
            // the held response never ends: stop reading at the probe's body
            while (answer.indexOf(PROBE_BODY) < 0 && (read = in.read(buffer)) >= 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            }
            return answer.toString().startsWith("HTTP/1.1 200 ") && answer.indexOf(PROBE_BODY) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A backend that holds every request as a GRIP stream, for {@link #probed()}. */
    private static HttpServer startProbe() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = PROBE_BODY.getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("Grip-Hold", "stream");
            exchange.getResponseHeaders().add("Grip-Channel", "pushpin-probe");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private String diagnostics() {
        String out = String.join("\n", readLines(logDir.resolve("pushpin.out")));
        return "config " + configFile + ", output:\n" + out + "\nlogs:\n" + logTail(40);
    }

    private String config(Path routesFile, Map<String, String> extra) throws IOException {
        Path internalConf = internalConf();
        if (internalConf == null) {
            throw new IOException("Pushpin's internal.conf was not found: install pushpin (apt-get install pushpin) or"
                    + " set -Dpushpin.internal-conf");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> global = section(sections, "global");
        global.put("include", internalConf.toString());
        global.put("rundir", runDir.toString());
        global.put("ipc_prefix", IPC_PREFIX);
        global.put("port_offset", "0");
        global.put("stats_connection_ttl", "120");

        Map<String, String> runner = section(sections, "runner");
        // the system configuration expects a system zurl; this one runs its own
        runner.put("services", "condure,zurl,pushpin-proxy,pushpin-handler");
        runner.put("http_port", "127.0.0.1:" + httpPort);
        runner.put("logdir", logDir.toString());
        runner.put("log_level", "2");
        runner.put("client_buffer_size", "8192");
        runner.put("client_maxconn", "50000");
        runner.put("condure_bin", "condure");
        runner.put("zurl_bin", "zurl");

        Map<String, String> proxy = section(sections, "proxy");
        proxy.put("routesfile", routesFile.toString());
        // internal.conf points these at the system zurl in /var/run/zurl
        proxy.put("zurl_out_specs", "ipc://{rundir}/{ipc_prefix}zurl-in");
        proxy.put("zurl_out_stream_specs", "ipc://{rundir}/{ipc_prefix}zurl-in-stream");
        proxy.put("zurl_in_specs", "ipc://{rundir}/{ipc_prefix}zurl-out");
        proxy.put("debug", "false");
        proxy.put("auto_cross_origin", "false");
        proxy.put("accept_x_forwarded_protocol", "false");
        proxy.put("set_x_forwarded_protocol", "proto-only");
        proxy.put("x_forwarded_for", "");
        proxy.put("x_forwarded_for_trusted", "");
        proxy.put("orig_headers_need_mark", "");
        proxy.put("accept_pushpin_route", "false");
        proxy.put("log_from", "false");
        proxy.put("log_user_agent", "false");
        proxy.put("sig_iss", "pushpin");
        proxy.put("sig_key", sigKey);
        proxy.put("upstream_key", "");
        proxy.put("updates_check", "off");
        proxy.put("organization_name", "");

        Map<String, String> handler = section(sections, "handler");
        handler.put("push_in_spec", pushInSpec());
        handler.put("push_in_sub_specs", pushInSubSpec());
        handler.put("push_in_sub_connect", "false");
        handler.put("push_in_http_addr", "127.0.0.1");
        handler.put("push_in_http_port", Integer.toString(controlPort));
        handler.put("push_in_http_max_headers_size", "10000");
        handler.put("push_in_http_max_body_size", "1000000");
        handler.put("stats_spec", "ipc://{rundir}/{ipc_prefix}stats");
        handler.put("command_spec", commandSpec());
        handler.put("message_rate", "2500");
        handler.put("message_hwm", "25000");
        handler.put("message_wait", "5000");
        handler.put("id_cache_ttl", "60");
        handler.put("connection_subscription_max", "20");
        handler.put("subscription_linger", "60");
        handler.put("stats_subscription_ttl", "60");
        handler.put("stats_report_interval", "10");
        handler.put("stats_format", "tnetstring");

        extra.forEach((name, value) -> {
            int dot = name.indexOf('.');
            section(sections, name.substring(0, dot)).put(name.substring(dot + 1), value);
        });

        StringBuilder text = new StringBuilder("# written by ").append(Pushpin.class.getName()).append('\n');
        sections.forEach((section, entries) -> {
            text.append('\n').append('[').append(section).append("]\n");
            entries.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        });
        return text.toString();
    }

    private static Map<String, String> section(Map<String, Map<String, String>> sections, String name) {
        return sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
    }

    private static Path internalConf() {
        String configured = System.getProperty("pushpin.internal-conf");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String candidate : List.of("/usr/lib/pushpin/internal.conf", "/usr/local/lib/pushpin/internal.conf")) {
            if (Files.isReadable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // hold them all open at once, so that they differ
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return;
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover under /tmp is harmless
        }
    }

    /**
     * Collects the routes and settings of a {@link Pushpin}; {@link #start()} starts it.
     */
    public static final class Builder {

        private final Path workDir;
        private final List<String> routes = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String sigKey;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Adds the route {@code * <backend>}: every request goes to this backend ({@code "127.0.0.1:port"}). */
        public Builder backend(String backend) {
            return backends(List.of(backend));
        }

        /** Adds the route {@code * <b1>,<b2>,...}: requests are spread over the backends. */
        public Builder backends(List<String> backends) {
            if (backends.isEmpty()) {
                throw new IllegalArgumentException("No backend");
            }
            return route("* " + String.join(",", backends));
        }

        /** Adds a routes file line as is, e.g. {@code "* 127.0.0.1:8080,over_http"}. */
        public Builder route(String line) {
            routes.add(line);
            return this;
        }

        /**
         * Sets a Pushpin setting.
         *
         * @param name {@code "section.key"}, e.g. {@code "handler.message_rate"}, {@code "handler.message_hwm"},
         *        {@code "runner.client_maxconn"}, {@code "runner.log_level"}; {@code "proxy.sig_key"} is the same as
         *        {@link #sigKey(String)}. The ports, sockets and directories are this class's and cannot be set.
         */
        public Builder set(String name, String value) {
            int dot = name.indexOf('.');
            if (dot <= 0 || dot == name.length() - 1) {
                throw new IllegalArgumentException("Expected section.key, got " + name);
            }
            if (name.equals("proxy.sig_key")) {
                return sigKey(value);
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException(name + " is chosen by " + Pushpin.class.getSimpleName());
            }
            settings.put(name, value);
            return this;
        }

        /** The key for signing proxied requests ({@code sig_key}); a random 256-bit secret by default. */
        public Builder sigKey(String key) {
            this.sigKey = key;
            return this;
        }

        /** How long {@link #start()} waits for Pushpin to accept connections. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Writes the files and starts Pushpin, then waits until its control port accepts connections and a request
         * through its HTTP port to a probe backend of its own (route {@code path_beg=/.pushpin-probe/}) is held: only
         * then are its four services connected to one another.
         *
         * @throws IOException if it did not start in time (the message has the end of its logs); it is stopped then
         */
        public Pushpin start() throws IOException {
            if (routes.isEmpty()) {
                throw new IllegalStateException("No route: add a backend");
            }
            Pushpin pushpin = new Pushpin(this);
            try {
                pushpin.awaitStarted(startTimeout);
            } catch (IOException | RuntimeException e) {
                try {
                    pushpin.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return pushpin;
        }
    }
}
