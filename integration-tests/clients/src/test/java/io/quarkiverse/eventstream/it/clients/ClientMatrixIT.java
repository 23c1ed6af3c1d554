package io.quarkiverse.eventstream.it.clients;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.sun.net.httpserver.HttpServer;

import io.quarkiverse.eventstream.it.clients.ClientRun.Observation;
import io.quarkiverse.eventstream.it.support.HAProxy;
import io.quarkiverse.eventstream.it.support.Nginx;
import io.quarkiverse.eventstream.it.support.Pushpin;
import io.quarkiverse.eventstream.it.support.TcpRelay;

/**
 * The conformance matrix: real third-party SSE clients, each run as a program of its own (see
 * {@code src/test/clients/README.md}), against the packaged matrix application, directly and behind nginx, HAProxy and
 * Pushpin. Every check is here; the programs only report what their client did. The results become
 * {@code target/client-matrix.adoc}, which must match the committed
 * {@code docs/modules/ROOT/pages/includes/client-matrix.adoc} except for latencies and versions
 * ({@code -Dclients.matrix.update=true} rewrites it).
 * <p>
 * Runs only with {@code -Dclients.matrix=true}: it needs Node, Chromium, Python, nginx, HAProxy and Pushpin
 * ({@code .ci/run} installs them) and takes a few minutes.
 */
@EnabledIfSystemProperty(named = "clients.matrix", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientMatrixIT {

    /** The clients of the matrix: adding one is a program in {@code src/test/clients} and a line here. */
    static final List<ClientProgram> CLIENTS = List.of(
            ClientProgram.browser("quarkus-eventstream client.js (Chromium)", "eventstream"),
            ClientProgram.java("quarkus-eventstream-client (Java)", EventStreamClientProgram.class),
            ClientProgram.node("eventsource (Node)", "eventsource.mjs"),
            ClientProgram.browser("EventSource (Chromium)", "native"),
            ClientProgram.browser("reconnecting-eventsource (Chromium)", "reconnecting-eventsource"),
            ClientProgram.browser("fetch-event-source (Chromium)", "fetch-event-source"),
            ClientProgram.browser("fetch-event-source (Chromium), recipe", "fetch-event-source-recipe"),
            ClientProgram.java("okhttp-eventsource (Java)", OkHttpEventSourceProgram.class),
            ClientProgram.java("okhttp-eventsource (Java), recipe", OkHttpEventSourceProgram.class, "matrix.recipe=true"),
            ClientProgram.python("httpx-sse (Python)", "httpx_sse_client.py"));

    /** The columns of the table after client, version and path; the last one is not compared. */
    static final Map<String, String> CASES = cases();
    static final String LATENCY = "latency";

    /** The event types every program listens to. */
    static final List<String> TYPES = List.of("message", "greeting", "stream-open", "stream-reset", "stream-error",
            "keep-alive");

    static final String MULTI_LINE = "first line\nsecond line\n\nfourth line";
    static final String NON_ASCII = "h\u00e9llo w\u00f6rld \u2014 \u2713 \u65e5\u672c\u8a9e \ud83c\udf89";
    static final Duration OPEN = Duration.ofSeconds(20);
    static final Duration RECEIVE = Duration.ofSeconds(5);
    /** How long a stream stays quiet after the data cases: keep-alives come every second. */
    static final Duration KEEP_ALIVE_WINDOW = Duration.ofMillis(2500);
    /** How long a refused client is watched for more requests. */
    static final Duration REFUSAL_WINDOW = Duration.ofSeconds(6);
    /** How long the application stays down in the restart case: every client tries at least once meanwhile. */
    static final Duration DOWN = Duration.ofSeconds(8);
    static final Duration RECOVERY = Duration.ofSeconds(30);
    /** How long the streams of the restart case stay open before the application stops. */
    static final Duration SETTLE = Duration.ofSeconds(3);
    static final int LATENCY_EVENTS = 11;
    static final Duration MAX_LATENCY = Duration.ofSeconds(2);
    /** Sessions run at once: the machine has 2 cores. */
    static final int PARALLEL = 5;

    private final Path work = Path.of(System.getProperty("clients.work", "target/client-matrix")).toAbsolutePath();
    private final String sigKey = "client-matrix-" + Long.toString(System.nanoTime(), 36);
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Map<String, String>> rows = new ConcurrentHashMap<>();
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private MatrixApp app;
    private Pushpin pushpin;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private HttpServer pageServer;
    private Process chromium;
    private String cdp;
    private String pageUrl;

    /** Where a client connects to: the application itself or a proxy in front of it. */
    record Route(String name, int port, boolean fullCases) {
    }

    private static Map<String, String> cases() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("typed", "Typed events");
        cases.put("multi-line", "Multi-line data");
        cases.put("non-ascii", "Non-ASCII data");
        cases.put("keep-alive", "Keep-alives unseen");
        cases.put("reconnect", "Reconnects with the id, nothing lost or repeated");
        cases.put("stream-reset", "`stream-reset` on a stale id");
        cases.put("401", "Stops on 401");
        cases.put("403", "Stops on 403");
        cases.put("restart", "Comes back after an application restart");
        cases.put(LATENCY, "Latency (median)");
        return Collections.unmodifiableMap(cases);
    }

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(work);
        long started = System.nanoTime();
        pageServer = startPageServer();
        String pageOrigin = "http://localhost:" + pageServer.getAddress().getPort();
        pageUrl = pageOrigin + "/matrix.html";
        int appPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            appPort = socket.getLocalPort();
        }
        String backend = "127.0.0.1:" + appPort;
        pushpin = Pushpin.builder(work.resolve("pushpin")).backend(backend).sigKey(sigKey).start();
        servers.add(pushpin);
        app = new MatrixApp(Path.of(System.getProperty("clients.app", "target/quarkus-app/quarkus-run.jar")), appPort,
                List.of("quarkus.eventstream.cors.origins=" + pageOrigin,
                        "quarkus.eventstream.grip.verify-key=" + sigKey,
                        "quarkus.eventstream.grip.verify-issuer=pushpin",
                        "quarkus.eventstream.grip.proxies.pushpin.control-uri=" + pushpin.controlUri()),
                work.resolve("app"));
        app.start();
        Nginx nginx = add(Nginx.builder(work.resolve("nginx")).upstream(backend).dropOnUpstreamError(false).start());
        Nginx nginxDrop = add(Nginx.builder(work.resolve("nginx-444")).upstream(backend).start());
        HAProxy haproxy = add(HAProxy.builder(work.resolve("haproxy")).backend(backend).start());
        HAProxy haproxyNoDelay = add(HAProxy.builder(work.resolve("haproxy-no-delay")).backend(backend)
                .option("http-no-delay").start());
        routes.add(new Route("direct", appPort, true));
        routes.add(new Route("nginx", nginx.port(), true));
        routes.add(new Route("nginx, `error_page 502 =444`", nginxDrop.port(), false));
        routes.add(new Route("HAProxy", haproxy.port(), true));
        routes.add(new Route("HAProxy, `option http-no-delay`", haproxyNoDelay.port(), true));
        routes.add(new Route("Pushpin", pushpin.httpPort(), true));
        startChromium();
        System.out.printf("client matrix: servers and browser up in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private <T extends AutoCloseable> T add(T server) {
        servers.add(server);
        return server;
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.descendants().forEach(ProcessHandle::destroy);
            chromium.destroy();
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
        if (pageServer != null) {
            pageServer.stop(0);
        }
    }

    @Test
    void thirdPartyClientsBehaveAsTheCommittedTableSays() throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> sessions = new ArrayList<>();
            for (int c = 0; c < CLIENTS.size(); c++) {
                for (int r = 0; r < routes.size(); r++) {
                    ClientProgram client = CLIENTS.get(c);
                    Route route = routes.get(r);
                    if (!route.fullCases()) {
                        continue;
                    }
                    String prefix = "c" + c + "r" + r;
                    sessions.add(pool.submit(() -> {
                        cells(client, route).putAll(mainSession(client, route, prefix));
                        return null;
                    }));
                    sessions.add(pool.submit(() -> {
                        cells(client, route).putAll(refusals(client, route, prefix));
                        return null;
                    }));
                }
            }
            for (Future<?> session : sessions) {
                session.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("client matrix: sessions done in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        restartCase();
        System.out.printf("client matrix: done in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        MatrixTable table = new MatrixTable(CASES, LATENCY);
        for (ClientProgram client : CLIENTS) {
            for (Route route : routes) {
                table.row(client.name(), versions.getOrDefault(client.name(), "?"), route.name(), cells(client, route));
            }
        }
        table.check(Path.of(System.getProperty("clients.table", "target/client-matrix.adoc")),
                Path.of(System.getProperty("clients.committed-table",
                        "../../docs/modules/ROOT/pages/includes/client-matrix.adoc")),
                Boolean.getBoolean("clients.matrix.update"));
        // latencies are recorded, not compared; only a loose bound catches a client or proxy that holds events back
        List<String> slow = new ArrayList<>();
        rows.forEach((row, cells) -> {
            String latency = cells.get(LATENCY);
            Matcher millis = latency == null ? null : Pattern.compile("(\\d+) ms").matcher(latency);
            if (latency != null && (!millis.matches() || Long.parseLong(millis.group(1)) > MAX_LATENCY.toMillis())) {
                slow.add(row + ": " + latency);
            }
        });
        if (!slow.isEmpty()) {
            fail("Median latency above " + MAX_LATENCY.toMillis() + " ms, or not measured: " + slow);
        }
    }

    private Map<String, String> cells(ClientProgram client, Route route) {
        return row(client.name() + "|" + route.name());
    }

    private Map<String, String> row(String key) {
        return rows.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }

    // typed, multi-line, non-ascii, keep-alive, reconnect and latency, on one stream through a relay
    private Map<String, String> mainSession(ClientProgram client, Route route, String prefix) throws Exception {
        Map<String, String> cells = new HashMap<>();
        String channel = prefix + "-main";
        try (TcpRelay relay = TcpRelay.start("127.0.0.1", route.port());
                ClientRun run = run(client, "http://127.0.0.1:" + relay.port() + "/events/" + channel, channel)) {
            Observation open = run.await(0, o -> o.isEvent("stream-open"), OPEN);
            versions.putIfAbsent(client.name(), run.version());
            if (open == null) {
                for (String c : List.of("typed", "multi-line", "non-ascii", "keep-alive", "reconnect", LATENCY)) {
                    cells.put(c, "no stream");
                }
                return cells;
            }
            int mark = run.mark();
            app.publish(channel, "greeting", "hello");
            Observation typed = run.awaitData(mark, "hello", RECEIVE);
            cells.put("typed", typed == null ? "not received" : typed.isEvent("greeting") ? "pass" : "type " + typed.type());
            cells.put("multi-line", exchange(run, channel, "multi", MULTI_LINE));
            cells.put("non-ascii", exchange(run, channel, "accents", NON_ASCII));
            // a quiet stream: only keep-alives, one a second
            int quiet = run.mark();
            run.await(quiet, o -> false, KEEP_ALIVE_WINDOW);
            long surfaced = run.observations().stream()
                    .filter(o -> o.isEvent() && (o.data() == null || o.data().isEmpty()) && !o.isEvent("stream-open")
                            && !o.isEvent("stream-reset"))
                    .count();
            cells.put("keep-alive", surfaced == 0 ? "pass" : "empty `" + emptyType(run) + "` events");
            cells.put(LATENCY, latency(run, channel));
            cells.put("reconnect", reconnect(run, relay, channel));
        }
        return cells;
    }

    private static String emptyType(ClientRun run) {
        return run.observations().stream()
                .filter(o -> o.isEvent() && (o.data() == null || o.data().isEmpty()) && !o.isEvent("stream-open")
                        && !o.isEvent("stream-reset"))
                .map(Observation::type).findFirst().orElse("?");
    }

    private String exchange(ClientRun run, String channel, String tag, String data) throws Exception {
        int mark = run.mark();
        app.publish(channel, "message", data);
        Observation received = run.await(mark, o -> o.isEvent() && o.data() != null && !o.data().isEmpty()
                && o.data().charAt(0) == data.charAt(0), RECEIVE);
        if (received == null) {
            return "not received";
        }
        return data.equals(received.data()) ? "pass" : "data changed";
    }

    private String latency(ClientRun run, String channel) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < LATENCY_EVENTS; i++) {
            int mark = run.mark();
            String data = "latency-" + i;
            long sent = System.nanoTime();
            app.publish(channel, "message", data);
            Observation received = run.awaitData(mark, data, RECEIVE);
            if (received == null) {
                return "not received";
            }
            millis.add(TimeUnit.NANOSECONDS.toMillis(received.nanos() - sent));
        }
        Collections.sort(millis);
        return millis.get(millis.size() / 2) + " ms";
    }

    // the relay resets the connection and refuses new ones while three events are published, then lets the client in
    private String reconnect(ClientRun run, TcpRelay relay, String channel) throws Exception {
        int mark = run.mark();
        int accepted = relay.acceptedConnections();
        relay.pause();
        // the client noticed: it reported the drop, or tried to connect again
        run.await(mark, o -> "error".equals(o.t()) || relay.acceptedConnections() > accepted, Duration.ofSeconds(10));
        for (int i = 1; i <= 3; i++) {
            app.publish(channel, "message", "gap-" + i);
        }
        relay.resume();
        app.publish(channel, "message", "after-gap");
        Observation after = run.awaitData(mark, "after-gap", Duration.ofSeconds(20));
        if (after == null) {
            return "no reconnect";
        }
        List<String> received = run.since(mark).stream()
                .filter(o -> o.isEvent() && o.data() != null && (o.data().startsWith("gap-") || o.data().equals("after-gap")))
                .map(Observation::data).collect(Collectors.toList());
        List<String> expected = List.of("gap-1", "gap-2", "gap-3", "after-gap");
        if (received.equals(expected)) {
            return "pass";
        }
        boolean lost = !received.containsAll(expected);
        boolean repeated = received.stream().distinct().count() < received.size();
        return lost && repeated ? "lost and repeated events"
                : lost ? "lost events"
                        : repeated ? "repeated events"
                                : "out of order";
    }

    // stream-reset on a stale id, 401 and 403: three programs at once
    private Map<String, String> refusals(ClientProgram client, Route route, String prefix) throws Exception {
        Map<String, String> cells = new HashMap<>();
        String resetChannel = prefix + "-reset";
        app.publish(resetChannel, "message", "before");
        String stale = staleId(app.cursor(resetChannel));
        String base = "http://127.0.0.1:" + route.port() + "/events/";
        String unauthorized = "members-" + prefix;
        String forbidden = "admins-" + prefix;
        try (ClientRun reset = run(client, base + resetChannel + "?lastEventId="
                + URLEncoder.encode(stale, StandardCharsets.UTF_8), resetChannel + "-reset");
                ClientRun anonymous = run(client, base + unauthorized, unauthorized);
                ClientRun bob = run(client, base + forbidden + "?user=bob", forbidden)) {
            Observation resetEvent = reset.await(0, o -> o.isEvent("stream-reset"), OPEN);
            if (resetEvent != null) {
                cells.put("stream-reset", "pass");
            } else {
                cells.put("stream-reset", reset.observations().stream().anyMatch(o -> o.isEvent("stream-open"))
                        ? "not seen"
                        : "no stream");
            }
            cells.put("401", refusal(anonymous, unauthorized));
            cells.put("403", refusal(bob, forbidden));
        }
        return cells;
    }

    // another epoch: the store cannot resume it
    private static String staleId(String cursor) {
        int dot = cursor.indexOf('.');
        return "stale0" + cursor.substring(dot);
    }

    private String refusal(ClientRun run, String channel) throws Exception {
        long deadline = System.nanoTime() + OPEN.toNanos();
        while (app.requests(channel) == 0 && System.nanoTime() < deadline) {
            run.await(run.mark(), o -> true, Duration.ofMillis(200));
        }
        if (app.requests(channel) == 0) {
            return "no request";
        }
        run.await(run.mark(), o -> false, REFUSAL_WINDOW);
        int requests = app.requests(channel);
        if (run.observations().stream().anyMatch(o -> o.isEvent("stream-open"))) {
            return "stream opened";
        }
        return requests == 1 ? "pass" : "keeps retrying";
    }

    // every client on every route at once: the application stops, stays down a while, and starts again
    private void restartCase() throws Exception {
        Map<String, ClientRun> runs = new LinkedHashMap<>();
        Map<String, String> channels = new HashMap<>();
        try {
            // one client on every route at a time: the programs of one client start together, and open before the next
            for (int c = 0; c < CLIENTS.size(); c++) {
                List<String> batch = new ArrayList<>();
                for (int r = 0; r < routes.size(); r++) {
                    String channel = "c" + c + "r" + r + "-restart";
                    String key = CLIENTS.get(c).name() + "|" + routes.get(r).name();
                    channels.put(key, channel);
                    runs.put(key, run(CLIENTS.get(c), "http://127.0.0.1:" + routes.get(r).port() + "/events/" + channel,
                            channel));
                    batch.add(key);
                }
                for (String key : batch) {
                    if (runs.get(key).await(0, o -> o.isEvent("stream-open"), OPEN) == null) {
                        row(key).put("restart", "no stream");
                    }
                }
            }
            Map<String, Integer> marks = new HashMap<>();
            runs.forEach((key, run) -> marks.put(key, run.mark()));
            // Pushpin asks the application about a stream it just took over about a second later: not while it is down
            ClientRun first = runs.values().iterator().next();
            first.await(first.mark(), o -> false, SETTLE);
            app.stop();
            // the application stays down for a bounded window, in which every client tries at least once
            ClientRun any = runs.values().iterator().next();
            any.await(any.mark(), o -> false, DOWN);
            app.start();
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            Map<String, String> pending = new LinkedHashMap<>();
            runs.keySet().stream().filter(key -> !row(key).containsKey("restart"))
                    .forEach(key -> pending.put(key, channels.get(key)));
            for (int i = 0; !pending.isEmpty() && System.nanoTime() < deadline; i++) {
                for (String channel : pending.values()) {
                    app.publish(channel, "message", "back-" + i);
                }
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                for (var it = pending.keySet().iterator(); it.hasNext();) {
                    String key = it.next();
                    ClientRun run = runs.get(key);
                    long left = Math.max(1, next - System.nanoTime());
                    if (run.await(marks.get(key), o -> o.isEvent() && o.data() != null && o.data().startsWith("back-"),
                            Duration.ofNanos(left)) != null) {
                        row(key).put("restart", "pass");
                        it.remove();
                    }
                }
            }
            for (String key : pending.keySet()) {
                ClientRun run = runs.get(key);
                List<Observation> after = run.since(marks.get(key));
                boolean closed = after.stream().anyMatch(o -> "closed".equals(o.t()));
                String status = after.stream().filter(o -> o.status() != null).map(o -> " on " + o.status()).findFirst()
                        .orElse("");
                row(key).put("restart", closed ? "stops for good" + status : "no recovery in 30 s");
            }
        } finally {
            for (ClientRun run : runs.values()) {
                run.close();
            }
        }
    }

    private ClientRun run(ClientProgram client, String url, String name) throws IOException {
        Path logs = Files.createDirectories(work.resolve("clients"));
        return ClientRun.start(client, url, TYPES, Map.of("MATRIX_CDP", cdp, "MATRIX_PAGE", pageUrl),
                logs.resolve(name + ".err"));
    }

    // the page of the browser clients and the libraries it imports, on another origin than the streams
    private HttpServer startPageServer() throws IOException {
        Path root = ClientProgram.programs();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.substring(1)).normalize();
            if (!Files.isRegularFile(file) && Files.isRegularFile(Path.of(file + ".js"))) {
                // TypeScript output imports './fetch' for './fetch.js', as bundlers allow
                file = Path.of(file + ".js");
            }
            boolean allowed = file.startsWith(root) && (path.equals("/matrix.html") || path.startsWith("/node_modules/"));
            if (!allowed || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type",
                    path.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private void startChromium() throws Exception {
        Path profile = Files.createDirectories(work.resolve("chromium-profile-" + System.nanoTime()));
        chromium = new ProcessBuilder(System.getProperty("clients.chromium", "/usr/bin/chromium"), "--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectOutput(work.resolve("chromium.out").toFile()).start();
        Pattern listening = Pattern.compile("DevTools listening on (ws://\\S+)");
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        // reads Chromium's errors to the end, so that it never blocks on a full pipe
        Thread reader = new Thread(() -> {
            try (BufferedReader errors = new BufferedReader(
                    new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = errors.readLine()) != null) {
                    Matcher matcher = listening.matcher(line);
                    if (matcher.find()) {
                        endpoint.complete(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                // Chromium stopped
            }
            endpoint.complete(null);
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        cdp = endpoint.get(30, TimeUnit.SECONDS);
        if (cdp == null) {
            fail("Chromium did not start: no DevTools endpoint");
        }
    }
}
