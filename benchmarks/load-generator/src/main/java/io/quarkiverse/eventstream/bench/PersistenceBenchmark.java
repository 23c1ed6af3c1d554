package io.quarkiverse.eventstream.bench;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of the {@code hibernate-orm} event store on PostgreSQL, measured end to end over HTTP against the packaged
 * {@code benchmarks/eventstream-server} application, which this program starts in a JVM of its own and always stops.
 * <ul>
 * <li>A: persisted publishes on one channel, from several client threads (they contend for the channel's row lock);</li>
 * <li>B: the same spread over many channels;</li>
 * <li>C: replay of N stored events to one stream that reconnects with a {@code Last-Event-ID} from before them.</li>
 * </ul>
 * Depends on the JDK only. Every wait is bounded and the run stops itself; all traffic stays on the loopback interface.
 * Progress goes to standard error; the result (JSON, then a Markdown table) to standard output. See README.md.
 */
public final class PersistenceBenchmark {

    private static final String USAGE = """
            Usage: java -cp benchmarks/load-generator/target/eventstream-bench.jar io.quarkiverse.eventstream.bench.PersistenceBenchmark [options]
              --app <path>          default benchmarks/eventstream-server/target/quarkus-app/quarkus-run.jar
              --jdbc-url <url>      default jdbc:postgresql://127.0.0.1:5432/eventstream_bench (loopback only)
              --db-user <name>      default postgres (trust authentication: no password is passed)
              --events <n>          events per scenario, default 200000
              --channels <n>        channels of scenario B, default 100
              --concurrency <n>     client threads, default 8
              --batch <n>           events per POST /bench/publish-many request, default 100
              --warmup <n>          warm-up events before each scenario, default 20000
              --smoke               tiny numbers (300 events, 10 channels, 2 threads), under 30 s
              --keep-db             do not drop and recreate the database (by default it is, with dropdb/createdb,
                                    and only when its name starts with eventstream_bench)
              --app-opt <arg>       extra JVM argument for the application, repeatable
                                    (e.g. --app-opt -Dquarkus.eventstream.replay.page-size=500)
              --max-seconds <n>     hard limit of the whole run, default 1800 (smoke: 120)
              --log <path>          application log file, default: a file in the temporary directory
            """;

    private static final Pattern JDBC_PG = Pattern
            .compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^:/?]+)(?::(\\d+))?/([^?]+)(?:\\?.*)?");
    private static final Pattern POSITION = Pattern.compile("~(\\d+)");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Options options;
    private final long deadlineNanos;
    private final HttpClient http;
    private AppProcess app;
    private URI base;

    private PersistenceBenchmark(Options options) {
        this.options = options;
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            throw e;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        if (!Files.isRegularFile(Path.of(options.app))) {
            throw new IllegalArgumentException("--app " + options.app + " is not a file; build it, see benchmarks/README.md");
        }
        new PersistenceBenchmark(options).run(args);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the run

    private void run(String[] args) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "io.quarkiverse.eventstream.bench.PersistenceBenchmark");
        result.put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        result.put("command", commandLine(args));
        result.put("options", options.toMap());
        result.put("machine", Proc.machine());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, Object> javaInfo = new LinkedHashMap<>();
        javaInfo.put("path", java);
        javaInfo.put("version", Proc.run(List.of(java, "-version")).strip());
        result.put("java", javaInfo);

        Database db = Database.of(options.jdbcUrl, options.dbUser);
        if (!options.keepDb) {
            db.recreate();
        }
        result.put("postgresql", db.describe());

        Thread watchdog = Cli.watchdog(options.maxSeconds, this::stopApp);
        Thread hook = new Thread(this::stopApp, "bench-stop-app");
        Runtime.getRuntime().addShutdownHook(hook);

        List<Scenario> scenarios = new ArrayList<>();
        try {
            Map<String, Object> appInfo = startApp(java);
            result.put("app", appInfo);
            scenarios.add(scenarioA());
            scenarios.add(scenarioB());
            scenarios.add(scenarioC());
            result.put("dbSizeAfter", db.size());
        } finally {
            stopApp();
            watchdog.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            List<Object> list = new ArrayList<>();
            scenarios.forEach(s -> list.add(s.toMap()));
            result.put("scenarios", list);
            result.put("ok", scenarios.size() == 3 && scenarios.stream().allMatch(s -> s.ok));
            System.out.println(Json.write(result));
            System.out.println();
            System.out.println(markdown(scenarios));
        }
        if (!scenarios.stream().allMatch(s -> s.ok)) {
            throw new IllegalStateException("a scenario failed its check; see \"check\" in the JSON");
        }
    }

    private Scenario scenarioA() throws Exception {
        String channel = "bench-one";
        Log.log("A: warm-up, " + options.warmup + " events on " + channel);
        publish(options.warmup, r -> channel, 1);
        Scenario s = new Scenario("A: publish, 1 channel",
                options.concurrency + " threads x POST /bench/publish-many/" + channel + "?count=" + options.batch);
        Log.log("A: " + options.events + " events on " + channel);
        Sample before = sample();
        PublishResult p = publish(options.events, r -> channel, options.warmup + 1);
        s.finish(options.events, p.seconds, before, sample(), 0);
        s.requests = p;
        long expected = (long) options.warmup + options.events;
        long position = sumPositions(cursor(channel));
        s.check(position == expected, "position of " + channel + " = " + position + ", expected " + expected);
        return s;
    }

    private Scenario scenarioB() throws Exception {
        IntFunction<String> channels = r -> "bench-c" + (r % options.channels);
        Log.log("B: warm-up, " + options.warmup + " events over " + options.channels + " channels");
        publish(options.warmup, channels, 1);
        Scenario s = new Scenario("B: publish, " + options.channels + " channels",
                options.concurrency + " threads; request r goes to bench-c<r mod " + options.channels + ">");
        Log.log("B: " + options.events + " events over " + options.channels + " channels");
        Sample before = sample();
        PublishResult p = publish(options.events, channels, 1_000_000);
        s.finish(options.events, p.seconds, before, sample(), 0);
        s.requests = p;
        String[] names = new String[options.channels];
        for (int i = 0; i < names.length; i++) {
            names[i] = "bench-c" + i;
        }
        long expected = (long) options.warmup + options.events;
        long sum = sumPositions(cursor(names));
        s.check(sum == expected, "sum of positions of the " + names.length + " channels = " + sum + ", expected "
                + expected);
        return s;
    }

    private Scenario scenarioC() throws Exception {
        // warm-up of the replay path on a channel of its own
        String warm = "bench-replay-warm";
        publishOne(warm, "0");
        String warmCursor = cursor(warm);
        publish(options.warmup, r -> warm, 1);
        Log.log("C: warm-up replay of " + options.warmup + " events");
        ReplayResult warmReplay = replay(warm, warmCursor, options.warmup);
        if (warmReplay.error != null || !warmReplay.inOrder) {
            throw new IllegalStateException("the warm-up replay failed: " + warmReplay.toMap());
        }

        String channel = "bench-replay";
        publishOne(channel, "0");
        String cursor = cursor(channel);
        Log.log("C: publishing " + options.events + " events on " + channel + " (not measured), cursor before: " + cursor);
        PublishResult p = publish(options.events, r -> channel, 1);
        Scenario s = new Scenario("C: replay, Last-Event-ID",
                "GET /events/" + channel + " with Last-Event-ID from before the " + options.events + " events");
        s.setup = new LinkedHashMap<>();
        s.setup.put("publishSeconds", Proc.round(p.seconds, 3));
        s.setup.put("publishEventsPerSecond", Proc.round(options.events / p.seconds, 1));
        Log.log("C: replaying " + options.events + " events");
        Sample before = sample();
        ReplayResult r = replay(channel, cursor, options.events);
        s.finish(r.events, r.seconds, before, sample(), r.bytes);
        s.replay = r;
        s.check(r.error == null && r.events == options.events && r.inOrder,
                r.error != null ? r.error
                        : r.events + " of " + options.events + " message events, positions contiguous and in order: "
                                + r.inOrder);
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // publishing

    static final class PublishResult {
        int requests;
        double seconds;
        double p50Ms;
        double p90Ms;
        double maxMs;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", requests);
            m.put("latencyMsP50", Proc.round(p50Ms, 1));
            m.put("latencyMsP90", Proc.round(p90Ms, 1));
            m.put("latencyMsMax", Proc.round(maxMs, 1));
            return m;
        }
    }

    /**
     * Publishes {@code events} events with {@code --concurrency} threads, in requests of {@code --batch} events; request
     * {@code r} goes to channel {@code channelOf(r)}. Data values start at {@code firstData}.
     */
    private PublishResult publish(int events, IntFunction<String> channelOf, int firstData) throws Exception {
        int batch = options.batch;
        int requests = (events + batch - 1) / batch;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency, daemon("bench-client"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < options.concurrency; t++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    int r;
                    while (failure.get() == null && (r = next.getAndIncrement()) < requests) {
                        checkDeadline();
                        int count = Math.min(batch, events - r * batch);
                        long t0 = System.nanoTime();
                        String body = send(HttpRequest.newBuilder(base.resolve("/bench/publish-many/" + channelOf.apply(r)
                                + "?count=" + count + "&from=" + (firstData + r * batch)))
                                .POST(HttpRequest.BodyPublishers.noBody()));
                        latencies.add(System.nanoTime() - t0);
                        if (Long.parseLong(body.strip()) <= 0) {
                            throw new IllegalStateException("publish-many returned " + body);
                        }
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(1, remainingNanos()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                } catch (TimeoutException e) {
                    failure.compareAndSet(null, new TimeoutException("publishing exceeded --max-seconds"));
                    break;
                }
            }
            long end = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("publishing failed: " + failure.get(), failure.get());
            }
            PublishResult result = new PublishResult();
            result.requests = requests;
            result.seconds = (end - start) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length > 0) {
                result.p50Ms = sorted[(int) Math.floor(0.5 * (sorted.length - 1))] / 1e6;
                result.p90Ms = sorted[(int) Math.floor(0.9 * (sorted.length - 1))] / 1e6;
                result.maxMs = sorted[sorted.length - 1] / 1e6;
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private void publishOne(String channel, String data) throws Exception {
        send(HttpRequest.newBuilder(base.resolve("/bench/publish/" + channel)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(data)));
    }

    private String cursor(String... channels) throws Exception {
        StringBuilder query = new StringBuilder();
        for (String c : channels) {
            query.append(query.length() == 0 ? "?" : "&").append("channel=").append(c);
        }
        return send(HttpRequest.newBuilder(base.resolve("/bench/cursor" + query)).GET()).strip();
    }

    private static long sumPositions(String cursor) {
        long sum = 0;
        Matcher m = POSITION.matcher(cursor);
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + Proc.abbreviate(response.body()));
        }
        return response.body();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // replay

    static final class ReplayResult {
        int events;
        long bytes;
        double seconds;
        double firstByteSeconds;
        boolean inOrder = true;
        String error;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messageEvents", events);
            m.put("bytes", bytes);
            m.put("headersAfterSeconds", Proc.round(firstByteSeconds, 3));
            m.put("contiguousInOrder", inOrder);
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    /** Opens a stream on {@code channel} from {@code cursor} and reads until {@code expected} message events came. */
    private ReplayResult replay(String channel, String cursor, int expected) throws Exception {
        long from = lastPosition(cursor);
        ReplayResult result = new ReplayResult();
        AtomicReference<InputStream> body = new AtomicReference<>();
        ExecutorService reader = Executors.newSingleThreadExecutor(daemon("bench-replay"));
        long start = System.nanoTime();
        Future<?> done = reader.submit((Callable<Void>) () -> {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base.resolve("/events/" + channel))
                    .header("Accept", "text/event-stream").header("Last-Event-ID", cursor)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            result.firstByteSeconds = (System.nanoTime() - start) / 1e9;
            body.set(response.body());
            if (response.statusCode() != 200) {
                throw new IOException("GET /events/" + channel + " answered " + response.statusCode());
            }
            CountingInputStream counting = new CountingInputStream(response.body());
            BufferedReader lines = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 65536);
            String id = null;
            String type = null;
            long previous = from;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if ("message".equals(type)) {
                        long position = id == null ? -1 : lastPosition(id);
                        if (position != previous + 1) {
                            result.inOrder = false;
                        }
                        previous = position;
                        result.events++;
                        if (result.events == expected) {
                            result.seconds = (System.nanoTime() - start) / 1e9;
                            result.bytes = counting.count;
                            return null;
                        }
                    }
                    id = null;
                    type = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                }
            }
            throw new IOException("the stream ended after " + result.events + " message events");
        });
        try {
            done.get(Math.max(1, remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            result.error = String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            result.error = "timed out after " + result.events + " message events";
        } finally {
            InputStream in = body.get();
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            reader.shutdownNow();
        }
        if (result.error != null) {
            result.seconds = (System.nanoTime() - start) / 1e9;
        }
        return result;
    }

    private static long lastPosition(String cursor) {
        int tilde = cursor.lastIndexOf('~');
        try {
            return tilde < 0 ? -1 : Long.parseLong(cursor.substring(tilde + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the application process

    private Map<String, Object> startApp(String java) throws Exception {
        Path logFile = options.log != null ? Path.of(options.log)
                : Files.createTempFile("eventstream-bench-app-", ".log");
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m",
                "-Dquarkus.datasource.jdbc.url=" + options.jdbcUrl,
                "-Dquarkus.datasource.username=" + options.dbUser));
        jvm.addAll(options.appOpts);
        app = AppProcess.start(java, Path.of(options.app), jvm, "/bench/ready",
                Duration.ofNanos(Math.min(START_TIMEOUT.toNanos(), remainingNanos())), logFile);
        base = app.base();
        return app.info();
    }

    private synchronized void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    private long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    private void checkDeadline() throws TimeoutException {
        if (remainingNanos() <= 0) {
            throw new TimeoutException("the run exceeded --max-seconds " + options.maxSeconds);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // measurements from /proc

    /** CPU and memory at one instant: the application, all postgres processes, this JVM, the whole machine. */
    record Sample(long nanos, double serverCpu, double serverRssMiB, double serverPeakRssMiB, double postgresCpu,
            double clientCpu, double machineBusyCpu) {
    }

    private Sample sample() {
        long pid = app.pid();
        double[] machine = Proc.machineCpu();
        return new Sample(System.nanoTime(), Proc.processCpu(pid, false), Proc.statusKiB(pid, "VmRSS") / 1024.0,
                Proc.statusKiB(pid, "VmHWM") / 1024.0, Proc.postgresCpu(),
                ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0),
                machine[0]);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // one scenario's figures

    static final class Scenario {
        final String name;
        final String description;
        int events;
        double seconds;
        long bytes;
        Sample before;
        Sample after;
        PublishResult requests;
        ReplayResult replay;
        Map<String, Object> setup;
        boolean ok;
        String check;

        Scenario(String name, String description) {
            this.name = name;
            this.description = description;
        }

        void finish(int events, double seconds, Sample before, Sample after, long bytes) {
            this.events = events;
            this.seconds = seconds;
            this.before = before;
            this.after = after;
            this.bytes = bytes;
        }

        void check(boolean ok, String check) {
            this.ok = ok;
            this.check = (ok ? "ok: " : "FAILED: ") + check;
            Log.log(name + ": " + String.format(Locale.ROOT, "%d events in %.2f s = %.0f events/s; %s", events, seconds,
                    eventsPerSecond(), this.check));
        }

        double eventsPerSecond() {
            return seconds > 0 ? events / seconds : 0;
        }

        double mbPerSecond() {
            return seconds > 0 ? bytes / 1e6 / seconds : 0;
        }

        double serverCpu() {
            return after.serverCpu - before.serverCpu;
        }

        double postgresCpu() {
            return after.postgresCpu - before.postgresCpu;
        }

        double machineBusy() {
            return after.machineBusyCpu - before.machineBusyCpu;
        }

        double clientCpu() {
            return after.clientCpu - before.clientCpu;
        }

        /** Busy CPU of the machine not used by the application, PostgreSQL or this JVM: other work on the machine. */
        double otherCpu() {
            return Math.max(0, machineBusy() - serverCpu() - postgresCpu() - clientCpu());
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("description", description);
            m.put("events", events);
            m.put("seconds", Proc.round(seconds, 3));
            m.put("eventsPerSecond", Proc.round(eventsPerSecond(), 1));
            if (bytes > 0) {
                m.put("bytes", bytes);
                m.put("mbPerSecond", Proc.round(mbPerSecond(), 3));
            }
            if (after != null) {
                Map<String, Object> server = new LinkedHashMap<>();
                server.put("cpuSecondsDuringScenario", Proc.round(serverCpu(), 2));
                server.put("cpuSecondsSinceStartAtEnd", Proc.round(after.serverCpu, 2));
                server.put("rssMiBAtEnd", Proc.round(after.serverRssMiB, 1));
                server.put("peakRssMiBAtEnd", Proc.round(after.serverPeakRssMiB, 1));
                m.put("server", server);
                m.put("postgresCpuSecondsDuringScenario", Proc.round(postgresCpu(), 2));
                m.put("clientCpuSecondsDuringScenario", Proc.round(clientCpu(), 2));
                m.put("machineBusyCpuSecondsDuringScenario", Proc.round(machineBusy(), 2));
                m.put("otherProcessesCpuSecondsDuringScenario", Proc.round(otherCpu(), 2));
                m.put("microsecondsOfServerCpuPerEvent", Proc.round(serverCpu() * 1e6 / Math.max(1, events), 1));
                m.put("microsecondsOfPostgresCpuPerEvent", Proc.round(postgresCpu() * 1e6 / Math.max(1, events), 1));
            }
            if (setup != null) {
                m.put("setup", setup);
            }
            if (requests != null) {
                m.put("requests", requests.toMap());
            }
            if (replay != null) {
                m.put("replay", replay.toMap());
            }
            m.put("check", check);
            return m;
        }
    }

    private String markdown(List<Scenario> scenarios) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | events | seconds | events/s | MB/s | server CPU s | server RSS MB | PostgreSQL CPU s"
                + " | client CPU s | other processes CPU s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario s : scenarios) {
            if (s.after == null) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %s | %.2f | %.0f | %.2f | %.2f | %.2f |%n",
                    s.name, s.events, s.seconds, s.eventsPerSecond(),
                    s.bytes > 0 ? String.format(Locale.ROOT, "%.2f", s.mbPerSecond()) : "-", s.serverCpu(),
                    s.after.serverRssMiB, s.postgresCpu(), s.clientCpu(), s.otherCpu()));
        }
        sb.append("\nCPU columns: seconds of CPU used during the measured part of each scenario, out of ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores x seconds available. Server: the application JVM (JIT and GC included). PostgreSQL:"
                        + " all its processes, any database. Client: this benchmark's JVM. Other processes: the rest of"
                        + " the machine's busy time (other builds). RSS: the application's at the end.");
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the database (psql, createdb and dropdb of the PostgreSQL client; optional)

    static final class Database {
        final String host;
        final String port;
        final String name;
        final String user;

        private Database(String host, String port, String name, String user) {
            this.host = host;
            this.port = port;
            this.name = name;
            this.user = user;
        }

        static Database of(String jdbcUrl, String user) {
            Matcher m = JDBC_PG.matcher(jdbcUrl);
            if (!m.matches()) {
                throw new IllegalArgumentException("--jdbc-url must be jdbc:postgresql://<loopback host>[:port]/<db>");
            }
            String host = m.group(1).replace("[", "").replace("]", "");
            if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("::1"))) {
                throw new IllegalArgumentException("the benchmark only talks to the loopback interface, not " + host);
            }
            return new Database(host, m.group(2) == null ? "5432" : m.group(2), m.group(3), user);
        }

        void recreate() throws Exception {
            if (!name.startsWith("eventstream_bench")) {
                throw new IllegalArgumentException("refusing to drop database " + name
                        + ": use a database whose name starts with eventstream_bench, or pass --keep-db");
            }
            Log.log("dropping and creating database " + name);
            Proc.run(List.of("dropdb", "--if-exists", "--force", "-h", host, "-p", port, "-U", user, name));
            Proc.run(List.of("createdb", "-h", host, "-p", port, "-U", user, name));
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", name);
            m.put("version", psql("select version()"));
            for (String setting : List.of("synchronous_commit", "fsync", "shared_buffers", "wal_level", "max_connections")) {
                m.put(setting, psql("show " + setting));
            }
            return m;
        }

        String size() {
            return psql("select pg_size_pretty(pg_database_size(current_database()))");
        }

        String psql(String sql) {
            try {
                return Proc.run(List.of("psql", "-X", "-At", "-h", host, "-p", port, "-U", user, "-d", name, "-c", sql))
                        .strip();
            } catch (Exception e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // options

    static final class Options {
        String app = "benchmarks/eventstream-server/target/quarkus-app/quarkus-run.jar";
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/eventstream_bench";
        String dbUser = "postgres";
        int events = 200_000;
        int channels = 100;
        int concurrency = 8;
        int batch = 100;
        int warmup = 20_000;
        boolean smoke;
        boolean keepDb;
        boolean help;
        long maxSeconds = 1800;
        String log;
        List<String> appOpts = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--smoke" -> o.smoke = true;
                    case "--keep-db" -> o.keepDb = true;
                    case "--help", "-h" -> o.help = true;
                    case "--app-opt" -> o.appOpts.add(Cli.value(args, ++i, arg));
                    case "--app", "--jdbc-url", "--db-user", "--events", "--channels", "--concurrency", "--batch",
                            "--warmup", "--max-seconds", "--log" ->
                        given.put(arg, Cli.value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (o.smoke) {
                o.events = 300;
                o.channels = 10;
                o.concurrency = 2;
                o.batch = 25;
                o.warmup = 50;
                o.maxSeconds = 120;
            }
            // explicit options win over --smoke, whatever their order
            o.app = given.getOrDefault("--app", o.app);
            o.jdbcUrl = given.getOrDefault("--jdbc-url", o.jdbcUrl);
            o.dbUser = given.getOrDefault("--db-user", o.dbUser);
            o.log = given.getOrDefault("--log", o.log);
            o.events = Cli.positive(given, "--events", o.events);
            o.channels = Cli.positive(given, "--channels", o.channels);
            o.concurrency = Cli.positive(given, "--concurrency", o.concurrency);
            o.batch = Cli.positive(given, "--batch", o.batch);
            o.warmup = Cli.positive(given, "--warmup", o.warmup);
            o.maxSeconds = Cli.positive(given, "--max-seconds", (int) o.maxSeconds);
            if (o.app == null && !o.help) {
                throw new IllegalArgumentException("--app <path to quarkus-run.jar> is required");
            }
            if (o.concurrency > 64) {
                throw new IllegalArgumentException("--concurrency is at most 64");
            }
            return o;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("app", app);
            m.put("jdbcUrl", jdbcUrl);
            m.put("dbUser", dbUser);
            m.put("events", events);
            m.put("channels", channels);
            m.put("concurrency", concurrency);
            m.put("batch", batch);
            m.put("warmup", warmup);
            m.put("smoke", smoke);
            m.put("recreateDb", !keepDb);
            m.put("appOpts", appOpts);
            m.put("maxSeconds", maxSeconds);
            return m;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    private static String commandLine(String[] args) {
        String launcher = ProcessHandle.current().info().commandLine().orElse("java");
        // the JVM's own command line ends with the arguments; show them as given if it is not available
        return launcher.contains(PersistenceBenchmark.class.getName()) ? launcher
                : "java -cp benchmarks/load-generator/target/eventstream-bench.jar " + PersistenceBenchmark.class.getName()
                        + " "
                        + String.join(" ", args);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

}
