package io.quarkiverse.eventstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import io.quarkiverse.eventstream.it.support.Pushpin;

/**
 * The SSE load benchmark: idle capacity, fan-out, many channels and a reconnect storm, against the server under test
 * ({@code benchmarks/eventstream-server}) and, for idle and fan-out, the baseline ({@code benchmarks/broadcaster-server},
 * Quarkus REST's {@code SseBroadcaster}) in the same run; on request, two instances linked by a bus ({@code cross}),
 * and the fan-out through a private Pushpin in front of the server beside both ({@code grip}, {@link GripScenario}).
 * Each scenario starts fresh server JVMs and reads their CPU and memory from the OS; streams are held by
 * {@link SseClient} in this JVM. Every wait is bounded; all traffic stays on the loopback interface. Progress goes to
 * standard error, the result (JSON, then Markdown tables) to standard output. See benchmarks/README.md.
 */
public final class LoadBenchmark {

    private static final String USAGE = """
            Usage: java -jar benchmarks/load-generator/target/eventstream-bench.jar [options]
              --scenarios <list>    any of idle,idle-h2,fanout,channels,storm,cross,grip (default: all but cross
                                    and grip)
              --smoke               small numbers and short steps, about 2 minutes; used by .ci/run
              --store <kind>        the server under test's store: hibernate-orm (on PostgreSQL, the default) or memory
              --server <jar>        default benchmarks/eventstream-server/target/quarkus-app/quarkus-run.jar, or
                                    .../target/memory-store/quarkus-app/quarkus-run.jar with --store memory
              --baseline <jar>      default benchmarks/broadcaster-server/target/quarkus-app/quarkus-run.jar
              --no-baseline         skip the baseline server
              --idle-streams <n>    default 19000 (the open-file limit of this machine, 20000, bounds it: see README)
              --idle-seconds <n>    idle measuring window, default 60
              --h2-streams <n>      idle-h2: streams multiplexed over HTTP/2 (h2c), default 50000
              --h2-per-connection <n> idle-h2: streams per HTTP/2 connection, default 100
              --subscribers <n>     fan-out subscribers on one channel, default 10000
              --rates <list>        fan-out publishes per second, rising, default 5,10,20,50,100,200
              --step-seconds <n>    length of each rate step, default 10
              --mc-streams <n>      many channels: streams, default 10000
              --mc-channels <n>     many channels: channels, default 1000
              --mc-rates <list>     many channels: publishes per second, default 200,500,1000,2000
              --storm-clients <n>   reconnect storm: clients, default 10000
              --storm-channels <n>  reconnect storm: channels, default 100
              --storm-behind <n>    reconnect storm: events each client missed, default 100
              --buses <list>        cross: the buses to compare, any of postgres,redis (default: both); each runs
                                    benchmarks/eventstream-server/target/bus-<bus>/quarkus-app/quarkus-run.jar twice
              --cross-subscribers <n> cross: subscribers on each of the two instances, one channel, default 10
              --cross-rates <list>  cross: publishes per second on instance B, default 100,1000
              --cross-fanout-subscribers <n> cross: fan-out subscribers on each instance, default 5000
              --cross-fanout-rates <list> cross: fan-out publishes per second, default 20,100
              --cross-threads <n>   cross: publishing threads on instance B, default 16
              --grip-subscribers <n> grip: subscribers on one channel, default 10000
              --grip-rates <list>   grip: publishes per second, rising, default 1,2,5,10,20,50
              --grip-targets <list> grip: any of direct,pushpin,baseline (default: all three; --no-baseline drops
                                    the baseline): the server under test alone, behind a private Pushpin (the
                                    pushpin package), the SseBroadcaster baseline
              --grip-connect-concurrency <n> grip: streams connecting at once, default 100 (Pushpin refuses
                                    part of a burst of 1,000: see README)
              --grip-message-rate <n> grip: Pushpin's handler.message_rate, deliveries per second, default 1000000
                                    (Pushpin's default, 2500, caps a fan-out to 10,000 streams at 1 event per 4 s)
              --grip-message-hwm <n> grip: Pushpin's handler.message_hwm, deliveries waiting for that rate before
                                    Pushpin drops them, default 10000000 (Pushpin's default: 25000)
              --sources <n>         loopback source addresses 127.0.0.2..., default 4
              --event-loops <n>     event loops of the load generator, default 2
              --heap <size>         server heap, -Xms = -Xmx, pre-touched; default 1g
              --server-opt <arg>    extra JVM argument for both servers, repeatable
              --jdbc-url <url>      default jdbc:postgresql://127.0.0.1:5432/eventstream_bench (recreated at start)
              --keep-db             do not drop and recreate the database
              --max-seconds <n>     hard limit of the whole run, default 3600
            """;

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[\\d.]+)");

    private final Options options;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final long deadline;
    /** names what this run puts on shared services (the bus channels), so that two runs never hear each other */
    private final String runId = Long.toString(System.currentTimeMillis(), 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(1_296), 36);
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    /** cross: one line per figure, measured on both instances */
    private final List<Map<String, Object>> crossRows = new ArrayList<>();
    /** the servers started and not yet stopped: the watchdog and the shutdown hook stop them */
    private final List<AppProcess> running = new CopyOnWriteArrayList<>();
    /** the Pushpins started and not yet stopped, likewise */
    private final List<Pushpin> proxies = new CopyOnWriteArrayList<>();
    private final GripScenario grip;

    private LoadBenchmark(Options options) {
        this.options = options;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
        this.grip = new GripScenario(this, options);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        System.exit(new LoadBenchmark(options).run(args));
    }

    private int run(String[] args) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", LoadBenchmark.class.getName());
        result.put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        result.put("command", "java -jar benchmarks/load-generator/target/eventstream-bench.jar " + String.join(" ", args));
        result.put("options", options.toMap());
        result.put("machine", Proc.machine());
        result.put("java", Proc.run(List.of(java, "-version")).strip());
        long fileLimit = Proc.openFileLimit();
        result.put("openFileLimit", fileLimit);
        options.clampTo(fileLimit, result);

        PersistenceBenchmark.Database db = PersistenceBenchmark.Database.of(options.jdbcUrl, "postgres");
        if (!options.keepDb) {
            db.recreate();
        }
        result.put("postgresql", db.describe());

        Thread watchdog = Cli.watchdog(options.maxSeconds, this::stopRunning);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopRunning, "bench-stop-server"));

        Map<String, Object> scenarios = new LinkedHashMap<>();
        result.put("scenarios", scenarios);
        try {
            for (String scenario : options.scenarios) {
                Map<String, Object> pair = new LinkedHashMap<>();
                scenarios.put(scenario, pair);
                boolean withBaseline = options.baseline != null && !scenario.equals("channels") && !scenario.equals("storm")
                        && !scenario.equals("cross") && !scenario.equals("grip");
                // cross compares buses, not servers: one entry per bus; grip has three targets of its own
                List<String> servers = scenario.equals("cross") ? options.buses
                        : scenario.equals("grip") ? options.gripTargets
                                : withBaseline ? List.of("eventstream", "baseline") : List.of("eventstream");
                for (String server : servers) {
                    checkDeadline();
                    try {
                        pair.put(server, scenario.equals("cross") ? crossInstance(server)
                                : scenario.equals("grip") ? grip.run(server) : runScenario(scenario, server, db));
                    } catch (Exception e) {
                        Log.log(scenario + " on " + server + " failed: " + e);
                        failures.add(scenario + " on " + server + ": " + e);
                        pair.put(server, Map.of("error", String.valueOf(e)));
                    }
                }
            }
        } finally {
            stopRunning();
            watchdog.interrupt();
            result.put("failures", failures);
            result.put("ok", failures.isEmpty());
            System.out.println(Json.write(result));
            if (!rows.isEmpty() || crossRows.isEmpty() && !grip.measured()) {
                System.out.println();
                System.out.println(markdown());
            }
            if (!crossRows.isEmpty()) {
                System.out.println();
                System.out.println(crossMarkdown());
            }
            if (grip.measured()) {
                System.out.println();
                System.out.println(grip.markdown());
            }
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private Map<String, Object> runScenario(String scenario, String server, PersistenceBenchmark.Database db)
            throws Exception {
        Path jar = Path.of(server.equals("eventstream") ? options.server : options.baseline);
        AppProcess app = startServer(jar, serverJvm(), scenario + "-" + server);
        try (SseClient client = new SseClient(options.eventLoops, sources(), "127.0.0.1", app.base().getPort(),
                scenario.equals("idle-h2") ? options.h2PerConnection : 0)) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("server", app.info());
            switch (scenario) {
                case "idle" -> idle(app, client, server, out, "idle", options.idleStreams);
                case "idle-h2" -> idle(app, client, server, out, "idle-h2", options.h2Streams);
                case "fanout" -> fanOut(app, client, server, out);
                case "channels" -> manyChannels(app, client, server, out);
                case "storm" -> storm(app, client, server, db, out);
                default -> throw new IllegalArgumentException(scenario);
            }
            client.closeStreams();
            return out;
        } finally {
            app.stop();
            running.remove(app);
        }
    }

    /** The JVM options of every server under test: a fixed, pre-touched heap, native memory tracking. */
    List<String> serverJvm() {
        List<String> jvm = new ArrayList<>(List.of("-Xms" + options.heap, "-Xmx" + options.heap, "-XX:+AlwaysPreTouch",
                "-XX:NativeMemoryTracking=summary", "-Dquarkus.datasource.jdbc.url=" + options.jdbcUrl));
        jvm.addAll(options.serverOpts);
        return jvm;
    }

    /** Starts a server and registers it with {@link #running} until the caller stops it and removes it. */
    AppProcess startServer(Path jar, List<String> jvm, String name) throws Exception {
        return startServer(jar, jvm, name, AppProcess.freePort());
    }

    /** The same on a given port. */
    AppProcess startServer(Path jar, List<String> jvm, String name, int port) throws Exception {
        Path log = Files.createTempFile("eventstream-bench-" + name + "-", ".log");
        AppProcess app = AppProcess.start(java, jar, jvm, "/bench/ready", Duration.ofSeconds(120), log, port);
        running.add(app);
        return app;
    }

    /** Stops a server {@link #startServer} started. */
    void stopServer(AppProcess app) {
        app.stop();
        running.remove(app);
    }

    /** Starts a Pushpin and registers it until {@link #stopPushpin}, so that the watchdog stops it too. */
    Pushpin startPushpin(Pushpin.Builder builder) throws IOException {
        Pushpin pushpin = builder.start();
        proxies.add(pushpin);
        return pushpin;
    }

    void stopPushpin(Pushpin pushpin) {
        pushpin.close();
        proxies.remove(pushpin);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // scenarios

    /** N idle streams with keep-alive on: server memory per stream, idle CPU. */
    private void idle(AppProcess app, SseClient client, String server, Map<String, Object> out, String scenario,
            int n) throws Exception {
        Map<String, Object> before = memory(app);
        long kernelBefore = Proc.tcpSocketMemoryKiB();
        long start = System.nanoTime();
        int open = client.open(n, i -> "/events/idle-" + (i % 100), null, 0, options.connectConcurrency,
                remainingMillis(300_000));
        double openSeconds = (System.nanoTime() - start) / 1e9;
        Log.log(String.format(Locale.ROOT, "%s/%s: %d of %d streams open after %.1f s", scenario, server, open, n,
                openSeconds));
        if (open < n) {
            failures.add(scenario + " on " + server + ": only " + open + " of " + n + " streams opened");
        }
        // let the last writes and the JIT settle before the measurement, which forces a full GC
        pause(3_000);
        Map<String, Object> after = memory(app);
        long kernelAfter = Proc.tcpSocketMemoryKiB();
        long heapDelta = (long) after.get("heapUsedKiB") - (long) before.get("heapUsedKiB");
        long nativeDelta = (long) after.get("nativeCommittedKiB") - (long) before.get("nativeCommittedKiB");
        long rssDelta = (long) after.get("rssKiB") - (long) before.get("rssKiB");
        out.put("streams", n);
        out.put("open", open);
        out.put("openSeconds", Proc.round(openSeconds, 2));
        out.put("memoryBefore", before);
        out.put("memoryAfter", after);
        double perStream = (heapDelta + nativeDelta) * 1024.0 / Math.max(1, open);
        out.put("heapBytesPerStream", Math.round(heapDelta * 1024.0 / Math.max(1, open)));
        out.put("nativeBytesPerStream", Math.round(nativeDelta * 1024.0 / Math.max(1, open)));
        out.put("bytesPerStream", Math.round(perStream));
        out.put("rssBytesPerStream", Math.round(rssDelta * 1024.0 / Math.max(1, open)));
        out.put("kernelTcpBytesPerConnectionBothEnds", Math.round((kernelAfter - kernelBefore) * 1024.0 / Math.max(1, open)));

        long keepAlives = client.keepAlives.sum();
        double cpu0 = Proc.processCpu(app.pid(), false);
        long t0 = System.nanoTime();
        pause(options.idleSeconds * 1000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = Proc.processCpu(app.pid(), false) - cpu0;
        out.put("idleSeconds", Proc.round(seconds, 1));
        out.put("idleCpuPercentOfOneCore", Proc.round(100 * cpu / seconds, 2));
        out.put("keepAlivesReceived", client.keepAlives.sum() - keepAlives);
        out.put("endedByServer", client.ended.sum());
        if (client.ended.sum() > 0) {
            failures.add(scenario + " on " + server + ": " + client.ended.sum() + " idle streams were closed by the server");
        }
        row(scenario, server, "streams held", open, "");
        row(scenario, server, "server memory per stream (heap + native), bytes", Math.round(perStream), "");
        row(scenario, server, "idle CPU, % of one core", Proc.round(100 * cpu / seconds, 2),
                "keep-alives received: " + out.get("keepAlivesReceived"));
        if (server.equals("eventstream")) {
            release(app, client, scenario, server, out, open);
        }
    }

    /** Every client leaves at once: how long until the server has released all their streams, and at what CPU. */
    private void release(AppProcess app, SseClient client, String scenario, String server, Map<String, Object> out,
            int open) throws Exception {
        double cpu0 = Proc.processCpu(app.pid(), false);
        long start = System.nanoTime();
        client.closeStreams();
        long until = start + TimeUnit.MILLISECONDS.toNanos(remainingMillis(120_000));
        long left;
        while ((left = number(get(app, "/bench/stats"), "openStreams")) > 0 && System.nanoTime() < until) {
            pause(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.put("releaseSeconds", Proc.round(seconds, 2));
        out.put("releaseServerCpuSeconds", Proc.round(Proc.processCpu(app.pid(), false) - cpu0, 2));
        out.put("streamsLeftAfterRelease", left);
        if (left > 0) {
            failures.add(scenario + " on " + server + ": " + left + " streams still open 120 s after their clients left");
        }
        row(scenario, server, "seconds until all " + open + " streams are released after their clients left",
                Proc.round(seconds, 2), "server CPU " + out.get("releaseServerCpuSeconds") + " s");
    }

    /** One channel, many subscribers, rising publish rate: deliveries per second and latency percentiles. */
    private void fanOut(AppProcess app, SseClient client, String server, Map<String, Object> out) throws Exception {
        int n = options.subscribers;
        int open = client.open(n, i -> "/events/fanout", null, 0, options.connectConcurrency, remainingMillis(300_000));
        out.put("subscribers", n);
        out.put("open", open);
        if (open < n) {
            failures.add("fanout on " + server + ": only " + open + " of " + n + " streams opened");
        }
        // warm-up: the JIT compiles the delivery path before anything is measured
        step(app, client, "fanout", 1, options.rates[0], Math.min(5, options.stepSeconds), 1, open);
        List<Object> steps = new ArrayList<>();
        for (int rate : options.rates) {
            checkDeadline();
            Map<String, Object> step = step(app, client, "fanout", 1, rate, options.stepSeconds, 1, open);
            steps.add(step);
            row("fanout", server, rate + " publishes/s x " + open + ": deliveries/s", step.get("deliveriesPerSecond"),
                    "p50 " + step.get("p50Ms") + " ms, p99 " + step.get("p99Ms") + " ms, p99.9 " + step.get("p999Ms")
                            + " ms, server CPU " + step.get("serverCpuPercent") + "%, load generator CPU "
                            + step.get("loadGeneratorCpuPercent") + "%");
            if (!(boolean) step.get("complete") || (double) step.get("p99Ms") > 2_000) {
                Log.log("fanout/" + server + ": stopping at " + rate + "/s (incomplete or p99 over 2 s)");
                break;
            }
        }
        out.put("steps", steps);
    }

    /** Streams spread over many channels, publishes to random channels. */
    private void manyChannels(AppProcess app, SseClient client, String server, Map<String, Object> out)
            throws Exception {
        int n = options.mcStreams;
        int channels = options.mcChannels;
        int open = client.open(n, i -> "/events/mc-" + (i % channels), null, 0, options.connectConcurrency,
                remainingMillis(300_000));
        out.put("streams", n);
        out.put("channels", channels);
        out.put("open", open);
        if (open < n) {
            failures.add("channels on " + server + ": only " + open + " of " + n + " streams opened");
        }
        double perChannel = (double) open / channels;
        step(app, client, "mc", channels, options.mcRates[0], Math.min(5, options.stepSeconds), 16, perChannel);
        List<Object> steps = new ArrayList<>();
        for (int rate : options.mcRates) {
            checkDeadline();
            Map<String, Object> step = step(app, client, "mc", channels, rate, options.stepSeconds, 16, perChannel);
            steps.add(step);
            row("channels", server, rate + " publishes/s over " + channels + " channels: deliveries/s",
                    step.get("deliveriesPerSecond"), "p50 " + step.get("p50Ms") + " ms, p99 " + step.get("p99Ms")
                            + " ms, publishes done " + step.get("published") + "/" + step.get("dispatched"));
            if (!(boolean) step.get("complete") || (double) step.get("p99Ms") > 2_000) {
                Log.log("channels/" + server + ": stopping at " + rate + "/s (incomplete or p99 over 2 s)");
                break;
            }
        }
        out.put("steps", steps);
    }

    private Map<String, Object> step(AppProcess app, SseClient client, String prefix, int channels, int rate,
            int seconds, int threads, double perEvent) throws Exception {
        return step(app, client, prefix, channels, rate, seconds, threads, perEvent, 0);
    }

    /**
     * Publishes at a rate on the server for a while, then waits (bounded) until every subscriber got every event.
     *
     * @param perEvent streams that receive each event
     * @param proxyPid a proxy in front of the server, whose CPU (with its descendants', by program) is measured too;
     *        0 for none
     */
    Map<String, Object> step(AppProcess app, SseClient client, String prefix, int channels, int rate, int seconds,
            int threads, double perEvent, long proxyPid) throws Exception {
        client.recordLatency(true);
        client.takeLatencies();
        long events0 = client.events.sum();
        long ended0 = client.ended.sum();
        long errors0 = client.streamErrors.sum();
        long resets0 = client.resets.sum();
        Map<String, Double> proxyCpu0 = proxyPid == 0 ? Map.of() : Proc.treeCpu(proxyPid);
        double cpu0 = Proc.processCpu(app.pid(), false);
        double clientCpu0 = Proc.ownCpu();
        double machineCpu0 = Proc.machineCpu()[0];
        long start = System.nanoTime();
        String drive = post(app, "/bench/drive?prefix=" + prefix + "&channels=" + channels + "&rate=" + rate
                + "&seconds=" + seconds + "&size=100&threads=" + threads, Duration.ofSeconds(seconds + 120L));
        long published = number(drive, "published");
        long expected = Math.round(published * perEvent);
        // the last deliveries may still be on their way: wait until all arrived or nothing moved for 5 s
        long lastCount = -1;
        long lastMove = System.nanoTime();
        while (client.events.sum() - events0 < expected && System.nanoTime() - lastMove < 5_000_000_000L
                && remainingMillis(1) > 0) {
            long count = client.events.sum();
            if (count != lastCount) {
                lastCount = count;
                lastMove = System.nanoTime();
            }
            pause(50);
        }
        double cpu = Proc.processCpu(app.pid(), false) - cpu0;
        Map<String, Double> proxyCpu1 = proxyPid == 0 ? Map.of() : Proc.treeCpu(proxyPid);
        double clientCpu = Proc.ownCpu() - clientCpu0;
        double machineCpu = Proc.machineCpu()[0] - machineCpu0;
        long received = client.events.sum() - events0;
        double elapsed = Math.max(1e-3, (client.lastEventNanos.get() - start) / 1e9);
        Histogram h = client.takeLatencies();
        client.recordLatency(false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("seconds", seconds);
        m.put("dispatched", number(drive, "dispatched"));
        m.put("published", published);
        m.put("publishLate", number(drive, "late"));
        m.put("publishFailed", number(drive, "failed"));
        // false when the driver stopped waiting for its publishers: the one at work may still publish
        m.put("publishFinished", drive.contains("\"finished\":true"));
        m.put("expectedDeliveries", expected);
        m.put("deliveries", received);
        m.put("complete", received >= expected);
        m.put("deliveriesPerSecond", Math.round(received / elapsed));
        m.put("p50Ms", ms(h.getValueAtPercentile(50)));
        m.put("p99Ms", ms(h.getValueAtPercentile(99)));
        m.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
        m.put("maxMs", ms(h.getMaxValue()));
        m.put("serverCpuPercent", Proc.round(100 * cpu / elapsed, 1));
        if (proxyPid != 0) {
            Map<String, Object> byProgram = new LinkedHashMap<>();
            double proxyCpu = 0;
            for (Map.Entry<String, Double> program : proxyCpu1.entrySet()) {
                double used = program.getValue() - proxyCpu0.getOrDefault(program.getKey(), 0.0);
                proxyCpu += used;
                byProgram.put(program.getKey(), Proc.round(100 * used / elapsed, 1));
            }
            m.put("proxyCpuPercent", Proc.round(100 * proxyCpu / elapsed, 1));
            m.put("proxyCpuPercentByProgram", byProgram);
        }
        m.put("loadGeneratorCpuPercent", Proc.round(100 * clientCpu / elapsed, 1));
        // every process of the machine, these and the others: what is left of it tells how noisy the figures are
        m.put("machineCpuPercent", Proc.round(100 * machineCpu / elapsed, 1));
        m.put("streamsEnded", client.ended.sum() - ended0);
        m.put("streamErrors", client.streamErrors.sum() - errors0);
        m.put("streamResets", client.resets.sum() - resets0);
        Log.log(prefix + " step: " + m);
        return m;
    }

    /** Clients reconnect at once with cursors some events behind: time until all caught up, statements spent. */
    private void storm(AppProcess app, SseClient client, String server, PersistenceBenchmark.Database db,
            Map<String, Object> out) throws Exception {
        int clients = options.stormClients;
        int channels = options.stormChannels;
        int behind = options.stormBehind;
        String[] cursors = new String[channels];
        for (int c = 0; c < channels; c++) {
            cursors[c] = get(app, "/bench/cursor?channel=storm-" + c);
        }
        // what the clients missed while they were away
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                String path = "/bench/publish-many/storm-" + c + "?count=" + behind;
                done.add(pool.submit(() -> post(app, path, Duration.ofSeconds(120))));
            }
            for (Future<String> f : done) {
                f.get(remainingMillis(120_000), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // warm-up: a smaller storm first, so the JIT has compiled the paths of opening and replaying
        int warm = Math.max(1, clients / 5);
        client.startCatchUpClock();
        client.open(warm, i -> "/events/storm-" + (i % channels), i -> cursors[i % channels], behind,
                Math.min(warm, 2_000), remainingMillis(120_000));
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.caughtUp.sum() < warm && System.nanoTime() < warmUntil) {
            pause(20);
        }
        client.closeStreams();
        out.put("warmUpClients", warm);

        String stats0 = get(app, "/bench/stats");
        String commits0 = db.psql("select xact_commit from pg_stat_database where datname = current_database()");
        double serverCpu0 = Proc.processCpu(app.pid(), false);
        double clientCpu0 = Proc.ownCpu();
        double postgresCpu0 = Proc.postgresCpu();
        client.startCatchUpClock();
        long start = System.nanoTime();
        int open = client.open(clients, i -> "/events/storm-" + (i % channels),
                i -> cursors[i % channels], behind, Math.min(clients, 2_000), remainingMillis(120_000));
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.caughtUp.sum() < open && System.nanoTime() < waitUntil && remainingMillis(1) > 0) {
            pause(20);
        }
        double seconds = (Math.max(client.lastCaughtUpNanos.get(), start) - start) / 1e9;
        double serverCpu = Proc.processCpu(app.pid(), false) - serverCpu0;
        double clientCpu = Proc.ownCpu() - clientCpu0;
        double postgresCpu = Proc.postgresCpu() - postgresCpu0;
        String stats1 = get(app, "/bench/stats");
        String commits1 = db.psql("select xact_commit from pg_stat_database where datname = current_database()");
        Histogram catchUp = client.takeCatchUpMillis();
        long statements = number(stats1, "statements") - number(stats0, "statements");
        long caughtUp = client.caughtUp.sum();
        out.put("clients", clients);
        out.put("channels", channels);
        out.put("eventsBehind", behind);
        out.put("open", open);
        out.put("caughtUp", caughtUp);
        out.put("secondsUntilAllCaughtUp", Proc.round(seconds, 2));
        out.put("catchUpP50Ms", catchUp.getValueAtPercentile(50));
        out.put("catchUpP99Ms", catchUp.getValueAtPercentile(99));
        out.put("serverCpuSeconds", Proc.round(serverCpu, 2));
        out.put("loadGeneratorCpuSeconds", Proc.round(clientCpu, 2));
        out.put("postgresCpuSeconds", Proc.round(postgresCpu, 2));
        out.put("jdbcStatements", statements);
        out.put("databaseTransactions", parseLong(commits1) - parseLong(commits0));
        out.put("streamResets", client.resets.sum());
        out.put("streamErrors", client.streamErrors.sum());
        if (caughtUp < clients) {
            failures.add("storm: only " + caughtUp + " of " + clients + " clients caught up");
        }
        row("storm", server, clients + " clients, " + behind + " events behind: seconds until all caught up",
                Proc.round(seconds, 2), "p99 per client " + catchUp.getValueAtPercentile(99) + " ms; " + statements
                        + " JDBC statements, " + out.get("databaseTransactions") + " transactions");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // cross: two instances linked by a bus

    /**
     * Two JVMs of the server built with {@code bus}, A and B, on one database: streams on both, events published on B.
     * B's subscribers give the single-instance figure, A's the figure across the bus, in the same run; their difference
     * is what the bus adds. Then the same with many subscribers on each instance (fan-out).
     */
    private Map<String, Object> crossInstance(String bus) throws Exception {
        Path jar = Path.of("benchmarks/eventstream-server/target/bus-" + bus + "/quarkus-app/quarkus-run.jar");
        // a bus channel of this run only: other applications on the same PostgreSQL or Redis hear nothing of it
        String busChannel = "eventstream_bench_" + runId + "_" + bus;
        List<String> jvm = serverJvm();
        jvm.add("-Dquarkus.eventstream.bus.channel=" + busChannel);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bus", bus);
        out.put("busChannel", busChannel);
        AppProcess a = startServer(jar, jvm, "cross-" + bus + "-A");
        try {
            // B joins the schema A created: dropping and creating it again would pull the tables from under A
            List<String> jvmB = new ArrayList<>(jvm);
            jvmB.add("-Dquarkus.hibernate-orm.schema-management.strategy=none");
            AppProcess b = startServer(jar, jvmB, "cross-" + bus + "-B");
            try (SseClient clientA = new SseClient(options.eventLoops, sources(), "127.0.0.1", a.base().getPort());
                    SseClient clientB = new SseClient(options.eventLoops, sources(), "127.0.0.1", b.base().getPort())) {
                out.put("instanceA", a.info());
                out.put("instanceB", b.info());
                Instance instanceA = new Instance("A", a, clientA);
                Instance instanceB = new Instance("B", b, clientB);
                out.put("latency", crossPhase(bus, instanceA, instanceB, "latency", "cross", options.crossSubscribers,
                        options.crossRates));
                out.put("fanout", crossPhase(bus, instanceA, instanceB, "fanout", "cross-fanout",
                        options.crossFanoutSubscribers, options.crossFanoutRates));
            } finally {
                b.stop();
                running.remove(b);
            }
        } finally {
            a.stop();
            running.remove(a);
        }
        return out;
    }

    /**
     * {@code n} streams on each instance on one channel; a probe until A hears B; a warm-up; then a step per rate,
     * published on B; finally, every subscriber on both instances must have received every event exactly once.
     */
    private Map<String, Object> crossPhase(String bus, Instance a, Instance b, String phase, String channel, int n,
            int[] rates) throws Exception {
        checkDeadline();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        out.put("subscribersPerInstance", n);
        for (Instance instance : List.of(a, b)) {
            instance.published = 0;
            instance.eventsAtOpen = instance.client.events.sum();
            instance.open = instance.client.open(n, i -> "/events/" + channel, null, 0, options.connectConcurrency,
                    remainingMillis(300_000));
            out.put("open" + instance.name, instance.open);
            if (instance.open < n) {
                failures.add("cross/" + bus + " " + phase + ": only " + instance.open + " of " + n
                        + " streams opened on instance " + instance.name);
            }
        }
        out.put("probes", probe(bus, a, b, channel));
        // warm-up: the JIT compiles the publish, bus and delivery paths before anything is measured
        crossStep(a, b, channel, rates[0], Math.min(5, options.stepSeconds));
        List<Object> steps = new ArrayList<>();
        for (int rate : rates) {
            checkDeadline();
            Map<String, Object> step = crossStep(a, b, channel, rate, options.stepSeconds);
            steps.add(step);
            crossRows(bus, phase, rate, step, a.open);
            if (!(boolean) step.get("complete") || a.p99(step) > 2_000 || b.p99(step) > 2_000) {
                Log.log("cross/" + bus + " " + phase + ": stopping at " + rate + "/s (incomplete or p99 over 2 s)");
                break;
            }
        }
        out.put("steps", steps);
        out.put("deliveryCheck", deliveryCheck(bus, phase, a, b));
        a.client.closeStreams();
        b.client.closeStreams();
        return out;
    }

    /**
     * Publishes single events on B until A's streams receive one: the bus of each instance connects after the
     * application answers. Bounded: 30 s.
     *
     * @return the events published
     */
    private int probe(String bus, Instance a, Instance b, String channel) throws Exception {
        long before = a.client.events.sum();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remainingMillis(30_000));
        int probes = 0;
        while (a.client.events.sum() == before && System.nanoTime() < until) {
            send(HttpRequest.newBuilder(b.app.base().resolve("/bench/publish/" + channel))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("probe")).build());
            probes++;
            long next = System.nanoTime() + 500_000_000L;
            while (a.client.events.sum() == before && System.nanoTime() < next) {
                pause(10);
            }
        }
        a.published += probes;
        b.published += probes;
        if (a.client.events.sum() == before) {
            throw new IllegalStateException("instance A received none of " + probes + " events published on B through"
                    + " the " + bus + " bus within 30 s; see the logs " + a.app.info().get("log") + " and "
                    + b.app.info().get("log"));
        }
        return probes;
    }

    /** Publishes at a rate on B, then waits (bounded) until every subscriber on both instances got every event. */
    private Map<String, Object> crossStep(Instance a, Instance b, String channel, int rate, int seconds)
            throws Exception {
        a.begin();
        b.begin();
        double clientCpu0 = Proc.ownCpu();
        long start = System.nanoTime();
        String drive = post(b.app, "/bench/drive?prefix=" + channel + "&channels=1&rate=" + rate + "&seconds=" + seconds
                + "&size=100&threads=" + options.crossThreads, Duration.ofSeconds(seconds + 120L));
        long published = number(drive, "published");
        a.published += published;
        b.published += published;
        // the last deliveries may still be on their way: wait until all arrived or nothing moved for 5 s
        long lastCount = -1;
        long lastMove = System.nanoTime();
        while ((a.received() < published * a.open || b.received() < published * b.open)
                && System.nanoTime() - lastMove < 5_000_000_000L && remainingMillis(1) > 0) {
            long count = a.client.events.sum() + b.client.events.sum();
            if (count != lastCount) {
                lastCount = count;
                lastMove = System.nanoTime();
            }
            pause(50);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("seconds", seconds);
        m.put("dispatched", number(drive, "dispatched"));
        m.put("published", published);
        m.put("publishFailed", number(drive, "failed"));
        m.put("publishLate", number(drive, "late"));
        m.put("publishSeconds", Proc.round(decimal(drive, "seconds"), 2));
        Map<String, Object> resultA = a.end(published, start);
        Map<String, Object> resultB = b.end(published, start);
        m.put("complete", (boolean) resultA.get("complete") && (boolean) resultB.get("complete"));
        m.put("addedByBusP50Ms", Proc.round((double) resultA.get("p50Ms") - (double) resultB.get("p50Ms"), 2));
        m.put("addedByBusP99Ms", Proc.round((double) resultA.get("p99Ms") - (double) resultB.get("p99Ms"), 2));
        m.put("addedByBusP999Ms", Proc.round((double) resultA.get("p999Ms") - (double) resultB.get("p999Ms"), 2));
        double elapsed = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        m.put("loadGeneratorCpuPercent", Proc.round(100 * (Proc.ownCpu() - clientCpu0) / elapsed, 1));
        m.put("A", resultA);
        m.put("B", resultB);
        Log.log("cross " + channel + " step: " + m);
        return m;
    }

    /**
     * After the last step: every subscriber got every event published on its channel since it opened, no more, no
     * less. Waits until the counts match or nothing moved for 5 s.
     */
    private Map<String, Object> deliveryCheck(String bus, String phase, Instance a, Instance b) throws Exception {
        long lastCount = -1;
        long lastMove = System.nanoTime();
        while ((a.sinceOpen() != a.published * a.open || b.sinceOpen() != b.published * b.open)
                && System.nanoTime() - lastMove < 5_000_000_000L && remainingMillis(1) > 0) {
            long count = a.sinceOpen() + b.sinceOpen();
            if (count != lastCount) {
                lastCount = count;
                lastMove = System.nanoTime();
            }
            pause(50);
        }
        Map<String, Object> check = new LinkedHashMap<>();
        for (Instance instance : List.of(a, b)) {
            long expected = instance.published * instance.open;
            long received = instance.sinceOpen();
            check.put("expected" + instance.name, expected);
            check.put("received" + instance.name, received);
            if (received != expected) {
                String what = received < expected ? (expected - received) + " deliveries missing"
                        : (received - expected) + " deliveries more than published (duplicates)";
                failures.add("cross/" + bus + " " + phase + ": on instance " + instance.name + " "
                        + (instance.name.equals("A") ? "(across the bus) " : "(same instance) ") + what + ": "
                        + instance.published + " events published on B x " + instance.open + " streams = " + expected
                        + ", received " + received);
            }
        }
        return check;
    }

    private void crossRows(String bus, String phase, int rate, Map<String, Object> step, int perInstance) {
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) step.get("A");
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) step.get("B");
        String head = (phase.equals("fanout") ? "fan-out, " : "") + rate + " events/s x " + perInstance
                + " subscribers per instance: ";
        String cpu = "server CPU B " + b.get("serverCpuPercent") + "%, A " + a.get("serverCpuPercent") + "%";
        String published = "published " + step.get("published") + " of " + step.get("dispatched") + " due";
        crossRow(bus, head + "deliveries/s", b.get("deliveriesPerSecond"), a.get("deliveriesPerSecond"), "",
                cpu + "; " + published + "; load generator CPU " + step.get("loadGeneratorCpuPercent") + "%");
        boolean target = rate == 1_000 && phase.equals("latency");
        crossRow(bus, head + "latency p50, ms", b.get("p50Ms"), a.get("p50Ms"), step.get("addedByBusP50Ms"),
                target ? "target: at most 5 ms added" : "");
        crossRow(bus, head + "latency p99, ms", b.get("p99Ms"), a.get("p99Ms"), step.get("addedByBusP99Ms"),
                target ? "target: at most 20 ms added" : "");
        if (phase.equals("latency")) {
            crossRow(bus, head + "latency p99.9, ms", b.get("p999Ms"), a.get("p999Ms"), step.get("addedByBusP999Ms"),
                    "max B " + b.get("maxMs") + " ms, A " + a.get("maxMs") + " ms");
        }
    }

    private void crossRow(String bus, String figure, Object same, Object across, Object added, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bus", bus);
        r.put("figure", figure);
        r.put("same", same);
        r.put("across", across);
        r.put("added", added);
        r.put("detail", detail);
        crossRows.add(r);
    }

    /** One line per figure of the cross scenario: instance B (where events are published) beside instance A. */
    private String crossMarkdown() {
        StringBuilder sb = new StringBuilder("| bus | figure | same instance (B, publishes) | across the bus (A) |"
                + " added by the bus | detail |\n|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : crossRows) {
            sb.append("| ").append(r.get("bus")).append(" | ").append(r.get("figure")).append(" | ").append(r.get("same"))
                    .append(" | ").append(r.get("across")).append(" | ").append(r.get("added")).append(" | ")
                    .append(r.get("detail")).append(" |\n");
        }
        return sb.toString();
    }

    /** A server of the cross scenario, the streams this JVM holds on it, and its counters at the start of a step. */
    private static final class Instance {

        final String name;
        final AppProcess app;
        final SseClient client;
        int open;
        /** events published on the phase's channel since its streams opened */
        long published;
        long eventsAtOpen;
        private long events0;
        private long ended0;
        private long errors0;
        private long resets0;
        private double cpu0;

        Instance(String name, AppProcess app, SseClient client) {
            this.name = name;
            this.app = app;
            this.client = client;
        }

        void begin() {
            client.recordLatency(true);
            client.takeLatencies();
            events0 = client.events.sum();
            ended0 = client.ended.sum();
            errors0 = client.streamErrors.sum();
            resets0 = client.resets.sum();
            cpu0 = Proc.processCpu(app.pid(), false);
        }

        long received() {
            return client.events.sum() - events0;
        }

        long sinceOpen() {
            return client.events.sum() - eventsAtOpen;
        }

        Map<String, Object> end(long published, long start) {
            double cpu = Proc.processCpu(app.pid(), false) - cpu0;
            long received = received();
            long expected = published * open;
            double elapsed = Math.max(1e-3, (client.lastEventNanos.get() - start) / 1e9);
            Histogram h = client.takeLatencies();
            client.recordLatency(false);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expectedDeliveries", expected);
            m.put("deliveries", received);
            m.put("complete", received >= expected);
            m.put("deliveriesPerSecond", Math.round(received / elapsed));
            m.put("p50Ms", ms(h.getValueAtPercentile(50)));
            m.put("p99Ms", ms(h.getValueAtPercentile(99)));
            m.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
            m.put("maxMs", ms(h.getMaxValue()));
            m.put("serverCpuPercent", Proc.round(100 * cpu / elapsed, 1));
            m.put("streamsEnded", client.ended.sum() - ended0);
            m.put("streamErrors", client.streamErrors.sum() - errors0);
            m.put("streamResets", client.resets.sum() - resets0);
            return m;
        }

        double p99(Map<String, Object> step) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mine = (Map<String, Object>) step.get(name);
            return (double) mine.get("p99Ms");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // measurements

    /** Live heap after a full GC, native memory committed outside the heap (NMT), RSS. */
    private static Map<String, Object> memory(AppProcess app) throws Exception {
        String pid = Long.toString(app.pid());
        Proc.run(List.of("jcmd", pid, "GC.run"));
        String heapInfo = Proc.run(List.of("jcmd", pid, "GC.heap_info"));
        String nmt = Proc.run(List.of("jcmd", pid, "VM.native_memory", "summary"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapUsedKiB", group(HEAP_USED, heapInfo));
        long total = group(NMT_TOTAL, nmt);
        long heap = group(NMT_HEAP, nmt);
        m.put("nativeCommittedKiB", total - heap);
        m.put("rssKiB", Proc.statusKiB(app.pid(), "VmRSS"));
        m.put("threads", Proc.statusKiB(app.pid(), "Threads"));
        return m;
    }

    private static long group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot read " + pattern + " from:\n" + text);
        }
        return Long.parseLong(m.group(m.groupCount()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    List<String> sources() {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < options.sources; i++) {
            list.add("127.0.0." + (2 + i));
        }
        return list;
    }

    String get(AppProcess app, String path) throws Exception {
        return send(HttpRequest.newBuilder(app.base().resolve(path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    private String post(AppProcess app, String path, Duration timeout) throws Exception {
        return send(HttpRequest.newBuilder(app.base().resolve(URI.create(path))).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().strip();
    }

    private static long number(String json, String key) {
        return (long) decimal(json, key);
    }

    private static double decimal(String json, String key) {
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new IllegalStateException("no " + key + " in " + json);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static double ms(long micros) {
        return Proc.round(micros / 1000.0, 2);
    }

    private void row(String scenario, String server, String figure, Object value, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", scenario);
        r.put("server", server);
        r.put("figure", figure);
        r.put("value", value);
        r.put("detail", detail);
        rows.add(r);
    }

    /** One line per figure; for figures measured on both servers, the baseline's value and the ratio. */
    private String markdown() {
        StringBuilder sb = new StringBuilder(
                "| scenario | figure | eventstream | baseline (SseBroadcaster) | ratio | detail (eventstream / baseline) |\n"
                        + "|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            if (!r.get("server").equals("eventstream")) {
                continue;
            }
            Map<String, Object> base = rows.stream()
                    .filter(b -> b.get("server").equals("baseline") && b.get("scenario").equals(r.get("scenario"))
                            && b.get("figure").equals(r.get("figure")))
                    .findFirst().orElse(null);
            String ratio = "";
            if (base != null && r.get("value") instanceof Number a && base.get("value") instanceof Number b
                    && b.doubleValue() != 0) {
                ratio = String.format(Locale.ROOT, "%.2f", a.doubleValue() / b.doubleValue());
            }
            sb.append("| ").append(r.get("scenario")).append(" | ").append(r.get("figure")).append(" | ")
                    .append(r.get("value")).append(" | ").append(base == null ? "" : base.get("value")).append(" | ")
                    .append(ratio).append(" | ").append(r.get("detail"))
                    .append(base == null ? "" : " / " + base.get("detail")).append(" |\n");
        }
        return sb.toString();
    }

    long remainingMillis(long cap) {
        return Math.min(cap, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    void checkDeadline() throws TimeoutException {
        if (deadline - System.nanoTime() <= 0) {
            throw new TimeoutException("the run exceeded --max-seconds " + options.maxSeconds);
        }
    }

    /**
     * Polls until {@code done}, or until {@code progress} did not change for 5 s, or the run's deadline: deliveries
     * still on their way keep it waiting, a stalled delivery does not.
     */
    void awaitWhileMoving(BooleanSupplier done, LongSupplier progress) throws InterruptedException {
        long last = progress.getAsLong();
        long lastMove = System.nanoTime();
        while (!done.getAsBoolean() && System.nanoTime() - lastMove < 5_000_000_000L && remainingMillis(1) > 0) {
            pause(50);
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                lastMove = System.nanoTime();
            }
        }
    }

    /** A measuring window or a poll interval; never used to wait for something to happen. */
    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private void stopRunning() {
        for (AppProcess app : running) {
            app.stop();
        }
        for (Pushpin pushpin : proxies) {
            pushpin.close();
        }
    }

    /** Records a failure of the run: it ends with exit code 1 and lists them in the JSON. */
    void fail(String failure) {
        Log.log("failure: " + failure);
        failures.add(failure);
    }

    static final class Options {
        Set<String> scenarios = new LinkedHashSet<>(List.of("idle", "idle-h2", "fanout", "channels", "storm"));
        boolean smoke;
        boolean help;
        boolean keepDb;
        String store = "hibernate-orm";
        String server;
        String baseline = "benchmarks/broadcaster-server/target/quarkus-app/quarkus-run.jar";
        int idleStreams = 19_000;
        int idleSeconds = 60;
        int h2Streams = 50_000;
        int h2PerConnection = 100;
        int subscribers = 10_000;
        int[] rates = { 5, 10, 20, 50, 100, 200 };
        int stepSeconds = 10;
        int mcStreams = 10_000;
        int mcChannels = 1_000;
        int[] mcRates = { 200, 500, 1_000, 2_000 };
        int stormClients = 10_000;
        int stormChannels = 100;
        int stormBehind = 100;
        List<String> buses = List.of("postgres", "redis");
        int crossSubscribers = 10;
        int[] crossRates = { 100, 1_000 };
        int crossFanoutSubscribers = 5_000;
        int[] crossFanoutRates = { 20, 100 };
        int crossThreads = 16;
        int gripSubscribers = 10_000;
        int[] gripRates = { 1, 2, 5, 10, 20, 50 };
        List<String> gripTargets = List.of("direct", "pushpin", "baseline");
        int gripConnectConcurrency = 100;
        int gripMessageRate = 1_000_000;
        int gripMessageHwm = 10_000_000;
        int sources = 4;
        int eventLoops = 2;
        int connectConcurrency = 1_000;
        String heap = "1g";
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/eventstream_bench";
        long maxSeconds = 3_600;
        List<String> serverOpts = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--smoke" -> o.smoke = true;
                    case "--help", "-h" -> o.help = true;
                    case "--keep-db" -> o.keepDb = true;
                    case "--no-baseline" -> given.put(arg, "");
                    case "--server-opt" -> o.serverOpts.add(Cli.value(args, ++i, arg));
                    case "--scenarios", "--store", "--server", "--baseline", "--idle-streams", "--idle-seconds", "--h2-streams",
                            "--h2-per-connection", "--subscribers",
                            "--rates", "--step-seconds", "--mc-streams", "--mc-channels", "--mc-rates",
                            "--storm-clients", "--storm-channels", "--storm-behind", "--buses", "--cross-subscribers",
                            "--cross-rates", "--cross-fanout-subscribers", "--cross-fanout-rates", "--cross-threads",
                            "--grip-subscribers", "--grip-rates", "--grip-targets", "--grip-connect-concurrency",
                            "--grip-message-rate",
                            "--grip-message-hwm", "--sources", "--event-loops", "--heap", "--jdbc-url", "--max-seconds" ->
                        given.put(arg, Cli.value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (o.smoke) {
                o.idleStreams = 500;
                o.idleSeconds = 3;
                o.h2Streams = 1_000;
                o.h2PerConnection = 50;
                o.subscribers = 200;
                o.rates = new int[] { 10, 50 };
                o.stepSeconds = 2;
                o.mcStreams = 200;
                o.mcChannels = 20;
                o.mcRates = new int[] { 50 };
                o.stormClients = 200;
                o.stormChannels = 10;
                o.stormBehind = 20;
                o.crossSubscribers = 20;
                o.crossRates = new int[] { 50 };
                o.crossFanoutSubscribers = 200;
                o.crossFanoutRates = new int[] { 20 };
                o.gripSubscribers = 50;
                o.gripRates = new int[] { 5, 20 };
                o.heap = "256m";
                o.maxSeconds = 600;
            }
            if (given.containsKey("--scenarios")) {
                o.scenarios = new LinkedHashSet<>(Arrays.asList(given.get("--scenarios").split(",")));
                for (String s : o.scenarios) {
                    if (!List.of("idle", "idle-h2", "fanout", "channels", "storm", "cross", "grip").contains(s)) {
                        throw new IllegalArgumentException("unknown scenario " + s);
                    }
                }
            }
            if (given.containsKey("--buses")) {
                o.buses = List.copyOf(new LinkedHashSet<>(Arrays.asList(given.get("--buses").split(","))));
                for (String bus : o.buses) {
                    if (!List.of("postgres", "redis").contains(bus)) {
                        throw new IllegalArgumentException("unknown bus " + bus + "; --buses takes postgres,redis");
                    }
                }
            }
            if (given.containsKey("--grip-targets")) {
                o.gripTargets = List.copyOf(new LinkedHashSet<>(Arrays.asList(given.get("--grip-targets").split(","))));
                for (String target : o.gripTargets) {
                    if (!GripScenario.TARGETS.contains(target)) {
                        throw new IllegalArgumentException("unknown target " + target
                                + "; --grip-targets takes direct,pushpin,baseline");
                    }
                }
            }
            o.store = given.getOrDefault("--store", o.store);
            if (!List.of("hibernate-orm", "memory").contains(o.store)) {
                throw new IllegalArgumentException("--store is hibernate-orm or memory");
            }
            // the store is fixed at build time: the server module builds one application per store
            o.server = given.getOrDefault("--server", o.store.equals("memory")
                    ? "benchmarks/eventstream-server/target/memory-store/quarkus-app/quarkus-run.jar"
                    : "benchmarks/eventstream-server/target/quarkus-app/quarkus-run.jar");
            o.baseline = given.containsKey("--no-baseline") ? null : given.getOrDefault("--baseline", o.baseline);
            if (o.baseline == null) {
                o.gripTargets = o.gripTargets.stream().filter(t -> !t.equals("baseline")).toList();
            }
            o.idleStreams = Cli.positive(given, "--idle-streams", o.idleStreams);
            o.idleSeconds = Cli.positive(given, "--idle-seconds", o.idleSeconds);
            o.h2Streams = Cli.positive(given, "--h2-streams", o.h2Streams);
            o.h2PerConnection = Cli.positive(given, "--h2-per-connection", o.h2PerConnection);
            o.subscribers = Cli.positive(given, "--subscribers", o.subscribers);
            o.rates = list(given, "--rates", o.rates);
            o.stepSeconds = Cli.positive(given, "--step-seconds", o.stepSeconds);
            o.mcStreams = Cli.positive(given, "--mc-streams", o.mcStreams);
            o.mcChannels = Cli.positive(given, "--mc-channels", o.mcChannels);
            o.mcRates = list(given, "--mc-rates", o.mcRates);
            o.stormClients = Cli.positive(given, "--storm-clients", o.stormClients);
            o.stormChannels = Cli.positive(given, "--storm-channels", o.stormChannels);
            o.stormBehind = Cli.positive(given, "--storm-behind", o.stormBehind);
            o.crossSubscribers = Cli.positive(given, "--cross-subscribers", o.crossSubscribers);
            o.crossRates = list(given, "--cross-rates", o.crossRates);
            o.crossFanoutSubscribers = Cli.positive(given, "--cross-fanout-subscribers", o.crossFanoutSubscribers);
            o.crossFanoutRates = list(given, "--cross-fanout-rates", o.crossFanoutRates);
            o.crossThreads = Cli.positive(given, "--cross-threads", o.crossThreads);
            o.gripSubscribers = Cli.positive(given, "--grip-subscribers", o.gripSubscribers);
            o.gripRates = list(given, "--grip-rates", o.gripRates);
            o.gripConnectConcurrency = Cli.positive(given, "--grip-connect-concurrency", o.gripConnectConcurrency);
            o.gripMessageRate = Cli.positive(given, "--grip-message-rate", o.gripMessageRate);
            o.gripMessageHwm = Cli.positive(given, "--grip-message-hwm", o.gripMessageHwm);
            o.sources = Cli.positive(given, "--sources", o.sources);
            o.eventLoops = Cli.positive(given, "--event-loops", o.eventLoops);
            o.heap = given.getOrDefault("--heap", o.heap);
            o.jdbcUrl = given.getOrDefault("--jdbc-url", o.jdbcUrl);
            o.maxSeconds = Cli.positive(given, "--max-seconds", (int) o.maxSeconds);
            if (o.sources > 250) {
                throw new IllegalArgumentException("--sources is at most 250");
            }
            if (o.scenarios.contains("cross") && o.store.equals("memory")) {
                throw new IllegalArgumentException("cross runs the bus builds, which keep the hibernate-orm store:"
                        + " drop --store memory");
            }
            if (!o.heap.matches("\\d+[mMgG]")) {
                throw new IllegalArgumentException("--heap takes a size such as 512m or 2g");
            }
            return o;
        }

        /** Streams are file descriptors, in this JVM and in the server: keep below the open-file limit. */
        void clampTo(long fileLimit, Map<String, Object> result) {
            if (fileLimit <= 0) {
                return;
            }
            long max = fileLimit - 1_000;
            List<String> notes = new ArrayList<>();
            if (idleStreams > max) {
                notes.add("--idle-streams " + idleStreams + " lowered to " + max + ": the open-file limit is "
                        + fileLimit);
                Log.log(notes.get(notes.size() - 1));
                idleStreams = (int) max;
            }
            // cross: this JVM holds the streams of both instances
            for (int n : new int[] { subscribers, mcStreams, stormClients, h2Streams / h2PerConnection,
                    2 * crossSubscribers, 2 * crossFanoutSubscribers, gripSubscribers }) {
                if (n > max) {
                    throw new IllegalArgumentException(n + " streams exceed the open-file limit " + fileLimit);
                }
            }
            result.put("clamped", notes);
        }

        private static int[] list(Map<String, String> given, String option, int[] otherwise) {
            if (!given.containsKey(option)) {
                return otherwise;
            }
            try {
                int[] values = Arrays.stream(given.get(option).split(",")).mapToInt(s -> Integer.parseInt(s.strip()))
                        .toArray();
                if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v <= 0)) {
                    throw new NumberFormatException();
                }
                return values;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes positive integers separated by commas");
            }
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenarios", List.copyOf(scenarios));
            m.put("smoke", smoke);
            m.put("store", store);
            m.put("server", server);
            m.put("baseline", baseline);
            m.put("idleStreams", idleStreams);
            m.put("idleSeconds", idleSeconds);
            m.put("h2Streams", h2Streams);
            m.put("h2PerConnection", h2PerConnection);
            m.put("subscribers", subscribers);
            m.put("rates", Arrays.toString(rates));
            m.put("stepSeconds", stepSeconds);
            m.put("mcStreams", mcStreams);
            m.put("mcChannels", mcChannels);
            m.put("mcRates", Arrays.toString(mcRates));
            m.put("stormClients", stormClients);
            m.put("stormChannels", stormChannels);
            m.put("stormBehind", stormBehind);
            m.put("buses", buses);
            m.put("crossSubscribers", crossSubscribers);
            m.put("crossRates", Arrays.toString(crossRates));
            m.put("crossFanoutSubscribers", crossFanoutSubscribers);
            m.put("crossFanoutRates", Arrays.toString(crossFanoutRates));
            m.put("crossThreads", crossThreads);
            m.put("gripSubscribers", gripSubscribers);
            m.put("gripRates", Arrays.toString(gripRates));
            m.put("gripTargets", gripTargets);
            m.put("gripConnectConcurrency", gripConnectConcurrency);
            m.put("gripMessageRate", gripMessageRate);
            m.put("gripMessageHwm", gripMessageHwm);
            m.put("sources", sources);
            m.put("eventLoops", eventLoops);
            m.put("heap", heap);
            m.put("serverOpts", serverOpts);
            m.put("jdbcUrl", jdbcUrl);
            return m;
        }
    }
}
