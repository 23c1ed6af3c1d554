package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;

/**
 * A private <a href="https://pushpin.org">Pushpin</a> (GRIP proxy) for integration tests and benchmarks: its own
 * configuration, run and log directories, and free loopback ports, so that it never meets the system service nor another
 * test's Pushpin.
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
 * {@link #close()} stops the runner with {@code SIGTERM} (it stops its services), then any service still alive, forcibly
 * after a bound.
 * <p>
 * System properties: {@code pushpin.bin} (the runner, default {@code pushpin} on the {@code PATH}) and
 * {@code pushpin.internal-conf} (default {@code /usr/lib/pushpin/internal.conf} or {@code /usr/local/lib/...}).
 */
public final class Pushpin extends LocalServer implements AutoCloseable {

    /** The default bound of {@link Builder#start()}: the runner and its four services are usually up within a second. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final String PROBE_PATH = "/.pushpin-probe/";
    private static final String PROBE_BODY = "pushpin-probe-held\n";
    // a Unix socket path has at most 107 bytes; the longest name Pushpin binds in the run directory is
    // "<prefix>condure-out-stream"
    private static final int MAX_RUN_DIR_LENGTH = 80;
    // the keys this class owns: a test that sets one would break the isolation or the accessors
    private static final Set<String> RESERVED = Set.of("global.include", "global.rundir", "global.ipc_prefix",
            "global.port_offset", "runner.http_port", "runner.logdir", "proxy.routesfile", "handler.push_in_spec",
            "handler.push_in_sub_specs", "handler.push_in_http_addr", "handler.push_in_http_port", "handler.command_spec",
            "handler.stats_spec");

    /**
     * The configuration before the builder's settings: the packaged defaults, and this Pushpin's files, ports and
     * sockets as {@code ${name}}; {@code {rundir}} and {@code {ipc_prefix}} are Pushpin's own.
     * Lines starting with {@code #} are not written.
     */
    private static final String CONFIG = """
            [global]
            include=${internalConf}
            rundir=${runDir}
            ipc_prefix=pp-
            port_offset=0
            stats_connection_ttl=120

            [runner]
            # the system configuration expects a system zurl; this one runs its own
            services=condure,zurl,pushpin-proxy,pushpin-handler
            http_port=127.0.0.1:${httpPort}
            logdir=${logDir}
            log_level=2
            client_buffer_size=8192
            client_maxconn=50000
            condure_bin=condure
            zurl_bin=zurl

            [proxy]
            routesfile=${routesFile}
            # internal.conf points these at the system zurl in /var/run/zurl
            zurl_out_specs=ipc://{rundir}/{ipc_prefix}zurl-in
            zurl_out_stream_specs=ipc://{rundir}/{ipc_prefix}zurl-in-stream
            zurl_in_specs=ipc://{rundir}/{ipc_prefix}zurl-out
            debug=false
            auto_cross_origin=false
            accept_x_forwarded_protocol=false
            set_x_forwarded_protocol=proto-only
            x_forwarded_for=
            x_forwarded_for_trusted=
            orig_headers_need_mark=
            accept_pushpin_route=false
            log_from=false
            log_user_agent=false
            sig_iss=pushpin
            sig_key=${sigKey}
            upstream_key=
            updates_check=off
            organization_name=

            [handler]
            push_in_spec=${pushInSpec}
            push_in_sub_specs=${pushInSubSpec}
            push_in_sub_connect=false
            push_in_http_addr=127.0.0.1
            push_in_http_port=${controlPort}
            push_in_http_max_headers_size=10000
            push_in_http_max_body_size=1000000
            stats_spec=ipc://{rundir}/{ipc_prefix}stats
            command_spec=${commandSpec}
            message_rate=2500
            message_hwm=25000
            message_wait=5000
            id_cache_ttl=60
            connection_subscription_max=20
            subscription_linger=60
            stats_subscription_ttl=60
            stats_report_interval=10
            stats_format=tnetstring
            """;
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

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
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Pushpin(Builder builder) throws IOException {
        super("Pushpin", builder.workDir, "pushpin.conf", POLL_INTERVAL);
        Path preferredRunDir = workDir().resolve("run");
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
            Path routesFile = workDir().resolve("routes");
            List<String> routes = new ArrayList<>();
            // the longest path_beg wins, whatever the order
            routes.add("*,path_beg=" + PROBE_PATH + " 127.0.0.1:" + probe.getAddress().getPort());
            routes.addAll(builder.routes);
            Files.writeString(routesFile, String.join("\n", routes) + "\n");
            Files.writeString(configFile(), config(routesFile, builder.settings));
            launch(List.of(bin(), "--config", configFile().toString(), "--logfile",
                    logDir().resolve("pushpin.log").toString()), "pushpin.out");
        } catch (IOException | RuntimeException e) {
            release();
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
        return internalConf() != null && executable(bin());
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

    /** The lines of one service's log: {@code pushpin}, {@code condure}, {@code zurl}, {@code pushpin-proxy} or ... */
    public List<String> logLines(String service) {
        return readLines(logDir().resolve(service + ".log"));
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

    /** Stops the probe backend, should a failed start have left it running, and deletes a temporary run directory. */
    @Override
    void release() {
        probe.stop(0);
        if (runDirIsTemporary) {
            deleteTree(runDir);
        }
    }

    @Override
    public String toString() {
        return "Pushpin[pid=" + pid() + ", http=" + httpPort + ", control=" + controlPort + ", dir=" + workDir() + "]";
    }

    /**
     * Waits until the control port accepts connections and a request through Pushpin to the probe backend was held:
     * only then are condure, pushpin-proxy, zurl and pushpin-handler all connected. Each one binds or connects its
     * ZeroMQ sockets on its own, and a request that comes too early fails, e.g. with {@code 500 Accept service
     * unavailable.} while the proxy is not connected to the handler yet, though every service already logged that it
     * started and condure accepts connections.
     */
    @Override
    boolean ready() {
        if (!accepts(controlPort)) {
            return false;
        }
        // the held response never ends: stop reading at the probe's body
        String answer = get(httpPort, PROBE_PATH, read -> read.contains(PROBE_BODY));
        return answer != null && answer.startsWith("HTTP/1.1 200 ") && answer.contains(PROBE_BODY);
    }

    @Override
    void awaitStarted(Duration timeout) throws IOException {
        super.awaitStarted(timeout);
        probe.stop(0);
    }

    /** A backend that holds every request as a GRIP stream, for {@link #ready()}. */
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

    @Override
    String diagnostics() {
        String out = String.join("\n", readLines(logDir().resolve("pushpin.out")));
        return "config " + configFile() + ", output:\n" + out + "\nlogs:\n" + logTail(40);
    }

    private String config(Path routesFile, Map<String, String> extra) throws IOException {
        Path internalConf = internalConf();
        if (internalConf == null) {
            throw new IOException("Pushpin's internal.conf was not found: install pushpin (apt-get install pushpin) or"
                    + " set -Dpushpin.internal-conf");
        }
        Map<String, String> values = Map.of("internalConf", internalConf.toString(), "runDir", runDir.toString(),
                "httpPort", Integer.toString(httpPort), "logDir", logDir().toString(), "routesFile", routesFile.toString(),
                "sigKey", sigKey, "pushInSpec", pushInSpec(), "pushInSubSpec", pushInSubSpec(),
                "controlPort", Integer.toString(controlPort), "commandSpec", commandSpec());
        String defaults = VARIABLE.matcher(CONFIG).replaceAll(variable -> Matcher.quoteReplacement(
                Objects.requireNonNull(values.get(variable.group(1)), variable.group())));

        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : defaults.lines().collect(Collectors.toList())) {
            if (line.startsWith("[")) {
                current = section(sections, line.substring(1, line.length() - 1));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                current.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
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

    private static String bin() {
        return System.getProperty("pushpin.bin", "pushpin");
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

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
            if (!installed()) {
                throw new IllegalStateException("Pushpin is not installed: apt-get install pushpin (Debian's package,"
                        + " which .ci/run installs)");
            }
            Pushpin pushpin = new Pushpin(this);
            try {
                pushpin.awaitStarted(startTimeout);
            } catch (IOException | RuntimeException e) {
                pushpin.closeAfter(e);
                throw e;
            }
            return pushpin;
        }
    }
}
