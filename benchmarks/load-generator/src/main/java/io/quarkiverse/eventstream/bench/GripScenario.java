package io.quarkiverse.eventstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkiverse.eventstream.it.support.Pushpin;

/**
 * The {@code grip} scenario of {@link LoadBenchmark}: one fan-out, three ways, in the same run. {@code --grip-subscribers}
 * streams on one channel receive the 100-byte events the publish driver publishes at each rate of {@code --grip-rates}
 * for {@code --step-seconds}, after a warm-up:
 * <ul>
 * <li>{@code direct}: the server under test holds the streams and writes every event to each;</li>
 * <li>{@code pushpin}: the same server build behind a private {@link Pushpin}: the server answers each stream request,
 * which Pushpin signs ({@code Grip-Sig}), with a GRIP hold, and sends each event once to Pushpin's control API; Pushpin
 * holds the streams and writes every event to each;</li>
 * <li>{@code baseline}: the {@code SseBroadcaster} baseline holds the streams.</li>
 * </ul>
 * Per rate: deliveries per second, publish-to-receive latency, CPU of the application and, behind Pushpin, of Pushpin's
 * processes (the runner and its condure, zurl, pushpin-proxy and pushpin-handler). After the last step, every stream must
 * have received each event published since it opened exactly once, and where events carry ids, with positions rising by
 * one: anything else fails the run. Pushpin's limits are raised for the run ({@code --grip-message-rate},
 * {@code --grip-message-hwm}); its logs are scanned for warnings and errors afterwards.
 */
final class GripScenario {

    /** The targets, in the order of the table's columns. */
    static final List<String> TARGETS = List.of("direct", "pushpin", "baseline");

    private static final String CHANNEL = "grip";
    /** rounds of connecting again the streams refused at open */
    private static final int MAX_OPEN_RETRIES = 5;
    private static final Map<String, String> HEADS = Map.of("direct", "direct", "pushpin", "via Pushpin", "baseline",
            "baseline (SseBroadcaster)");
    /** Pushpin's log lines: "[LEVEL] date time [service] message" */
    private static final Pattern LOG_LINE = Pattern.compile("^(\\S+\\.log): \\[(ERR|ERROR|WARN|WARNING)\\] \\S+ \\S+ (.*)$");

    private final LoadBenchmark bench;
    private final LoadBenchmark.Options options;
    /** what the table shows, by target */
    private final Map<String, Result> results = new LinkedHashMap<>();

    GripScenario(LoadBenchmark bench, LoadBenchmark.Options options) {
        this.bench = bench;
        this.options = options;
    }

    /** Whether a target got as far as opening its streams: then there is a table to print. */
    boolean measured() {
        return !results.isEmpty();
    }

    /** Starts the target's processes, runs the fan-out against them, stops them. */
    Map<String, Object> run(String target) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Pushpin pushpin = null;
        AppProcess app = null;
        try {
            switch (target) {
                case "direct" -> app = bench.startServer(Path.of(options.server), bench.serverJvm(), "grip-direct");
                case "baseline" -> app = bench.startServer(Path.of(options.baseline), bench.serverJvm(), "grip-baseline");
                case "pushpin" -> {
                    if (!Pushpin.installed()) {
                        throw new IllegalStateException("Pushpin is not installed (apt-get install pushpin): the target"
                                + " pushpin runs a private one");
                    }
                    // Pushpin routes to the application's port: choose it first
                    int appPort = AppProcess.freePort();
                    Path dir = Files.createTempDirectory("eventstream-bench-pushpin-");
                    Log.log("starting Pushpin in " + dir + " in front of 127.0.0.1:" + appPort);
                    pushpin = bench.startPushpin(Pushpin.builder(dir).backend("127.0.0.1:" + appPort)
                            .set("handler.message_rate", Integer.toString(options.gripMessageRate))
                            .set("handler.message_hwm", Integer.toString(options.gripMessageHwm)));
                    out.put("pushpin", describe(pushpin));
                    List<String> jvm = bench.serverJvm();
                    jvm.add("-Dquarkus.eventstream.grip.verify-key=" + pushpin.sigKey());
                    jvm.add("-Dquarkus.eventstream.grip.verify-issuer=" + pushpin.sigIss());
                    jvm.add("-Dquarkus.eventstream.grip.proxies.pushpin.control-uri=" + pushpin.controlUri());
                    app = bench.startServer(Path.of(options.server), jvm, "grip-pushpin", appPort);
                }
                default -> throw new IllegalArgumentException(target);
            }
            out.put("server", app.info());
            int port = pushpin == null ? app.base().getPort() : pushpin.httpPort();
            try (SseClient client = new SseClient(options.eventLoops, bench.sources(), "127.0.0.1", port)) {
                fanOut(target, app, pushpin, client, out);
                client.closeStreams();
            }
            return out;
        } finally {
            if (app != null) {
                bench.stopServer(app);
            }
            if (pushpin != null) {
                bench.stopPushpin(pushpin);
                Map<String, Object> logs = logs(pushpin);
                out.put("pushpinLogs", logs);
                Result result = results.get(target);
                if (result != null) {
                    result.pushpinLogs = logs;
                }
            }
        }
    }

    private void fanOut(String target, AppProcess app, Pushpin pushpin, SseClient client, Map<String, Object> out)
            throws Exception {
        int n = options.gripSubscribers;
        long proxyPid = pushpin == null ? 0 : pushpin.pid();
        // the extension stores every event: the channel's position counts them exactly
        boolean stored = !target.equals("baseline");
        long position0 = stored ? position(app) : 0;
        long events0 = client.events.sum();
        double appCpu0 = Proc.processCpu(app.pid(), false);
        double proxyCpu0 = sum(proxyPid);
        long start = System.nanoTime();
        int open = client.open(n, i -> "/events/" + CHANNEL, null, 0, options.gripConnectConcurrency,
                bench.remainingMillis(300_000));
        // a refused stream connects again, as a client would: a proxy under a burst of requests refuses some
        int retries = 0;
        while (open < n && retries < MAX_OPEN_RETRIES) {
            retries++;
            Log.log("grip/" + target + ": " + (n - open) + " streams refused; opening them again");
            open += client.open(n - open, i -> "/events/" + CHANNEL, null, 0, options.gripConnectConcurrency,
                    bench.remainingMillis(300_000));
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        Log.log(String.format(Locale.ROOT, "grip/%s: %d of %d streams open after %.1f s", target, open, n, openSeconds));
        Result result = new Result();
        results.put(target, result);
        result.open = open;
        result.openSeconds = Proc.round(openSeconds, 1);
        out.put("subscribers", n);
        out.put("open", open);
        out.put("openSeconds", result.openSeconds);
        out.put("connectConcurrency", options.gripConnectConcurrency);
        out.put("openRetries", retries);
        Map<String, Long> refused = new TreeMap<>();
        client.refusals.forEach((status, count) -> refused.put(status, count.sum()));
        out.put("refused", refused);
        result.refused = refused;
        out.put("openApplicationCpuSeconds", Proc.round(Proc.processCpu(app.pid(), false) - appCpu0, 2));
        if (pushpin != null) {
            out.put("openPushpinCpuSeconds", Proc.round(sum(proxyPid) - proxyCpu0, 2));
        }
        if (open < n) {
            bench.fail("grip/" + target + ": only " + open + " of " + n + " streams opened, " + retries
                    + " times connecting again those refused");
        }
        // warm-up: the JIT compiles the paths before anything is measured; behind Pushpin, the first events also tell
        // whether every held stream is subscribed
        Map<String, Object> warmUp = bench.step(app, client, CHANNEL, 1, options.gripRates[0],
                Math.min(5, options.stepSeconds), 1, open, proxyPid);
        long published = (long) warmUp.get("published");
        // a step whose driver stopped waiting may have one more event out per publishing thread (one here)
        long unfinished = (boolean) warmUp.get("publishFinished") ? 0 : 1;
        out.put("warmUp", warmUp);
        List<Object> steps = new ArrayList<>();
        for (int rate : options.gripRates) {
            bench.checkDeadline();
            Map<String, Object> step = bench.step(app, client, CHANNEL, 1, rate, options.stepSeconds, 1, open,
                    proxyPid);
            steps.add(step);
            result.steps.put(rate, step);
            published += (long) step.get("published");
            unfinished += (boolean) step.get("publishFinished") ? 0 : 1;
            if (!(boolean) step.get("complete") || (double) step.get("p99Ms") > 2_000) {
                Log.log("grip/" + target + ": stopping at " + rate + "/s (incomplete or p99 over 2 s)");
                break;
            }
        }
        out.put("steps", steps);
        out.put("deliveryCheck", deliveryCheck(target, app, client, events0, stored ? position0 : -1, published,
                unfinished, open, result));
    }

    /** The channel's position in the store of the extension's server: the events published on it so far. */
    private long position(AppProcess app) throws Exception {
        String cursor = bench.get(app, "/bench/cursor?channel=" + CHANNEL);
        try {
            return Long.parseLong(cursor.substring(cursor.lastIndexOf('~') + 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read the position of channel " + CHANNEL + " from " + cursor, e);
        }
    }

    /**
     * After the last step: every stream received each event published since it opened, exactly once and, where the
     * events carry ids, in order. Waits until the count is reached or nothing moved for 5 s. The events published
     * since the streams opened: from the store's position where there is one (exact), else from the driver's counts,
     * with one more event possible for each step whose driver stopped waiting for its publisher.
     *
     * @param position0 the channel's position before the streams opened, -1 without a store
     */
    private Map<String, Object> deliveryCheck(String target, AppProcess app, SseClient client, long events0,
            long position0, long published, long unfinished, int open, Result result) throws Exception {
        long expected = published * open;
        bench.awaitWhileMoving(() -> client.events.sum() - events0 == expected, client.events::sum);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("publishedByTheDriver", published);
        long atMost = published + unfinished;
        if (position0 >= 0) {
            long stored = position(app) - position0;
            check.put("storedSinceOpen", stored);
            if (stored < published || stored > atMost) {
                bench.fail("grip/" + target + ": the driver published " + published + " events (" + unfinished
                        + " steps unfinished), the store holds " + stored);
            }
            published = stored;
            atMost = stored;
        } else if (atMost > published) {
            check.put("mayHavePublished", atMost);
        }
        SseClient.Deliveries deliveries = client.deliveries(published, atMost);
        result.published = published;
        result.deliveries = deliveries;
        check.putAll(deliveries.toMap());
        if (!deliveries.exact()) {
            bench.fail("grip/" + target + ": " + published + " events published x " + open + " streams: "
                    + deliveries.missing + " deliveries missing, " + deliveries.surplus + " more than published"
                    + " (duplicates), " + deliveries.skippedPositions + " positions skipped and "
                    + deliveries.repeatedPositions + " repeated, over " + deliveries.streamsWrongCount
                    + " streams with a wrong count and " + deliveries.streamsOutOfSequence + " out of sequence");
        }
        // the extension's events carry ids, the baseline's do not: without ids the check above only counts
        if (!target.equals("baseline") && published > 0 && deliveries.streamsWithIds < open) {
            bench.fail("grip/" + target + ": only " + deliveries.streamsWithIds + " of " + open
                    + " streams received events with ids; the sequence check needs them");
        }
        return check;
    }

    /** CPU seconds of a process tree, all programs together; 0 for no process. */
    private static double sum(long pid) {
        return pid == 0 ? 0 : Proc.treeCpu(pid).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Map<String, Object> describe(Pushpin pushpin) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pushpin.pid());
        m.put("httpPort", pushpin.httpPort());
        m.put("controlUri", pushpin.controlUri().toString());
        m.put("config", pushpin.configFile().toString());
        m.put("logDir", pushpin.logDir().toString());
        try {
            m.put("version", Proc.run(List.of(System.getProperty("pushpin.bin", "pushpin"), "--version")).strip());
        } catch (Exception e) {
            m.put("version", "unknown: " + e.getMessage());
        }
        // the processes, by program: the runner and the services it started
        m.put("programs", List.copyOf(Proc.treeCpu(pushpin.pid()).keySet()));
        return m;
    }

    /**
     * The warnings and errors of Pushpin's logs: counted by file, the distinct ones listed (at most 20, digits
     * masked), and the first lines of the runner's standard output.
     */
    private static Map<String, Object> logs(Pushpin pushpin) {
        Map<String, Integer> warnings = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> distinct = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        for (String line : pushpin.logLines()) {
            // what the runner and its services wrote outside their logs: a crash, a refused setting
            if (line.startsWith("pushpin.out: ") && output.size() < 20) {
                output.add(line);
            }
            Matcher m = LOG_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            boolean error = m.group(2).startsWith("ERR");
            (error ? errors : warnings).merge(m.group(1), 1, Integer::sum);
            String text = m.group(1) + ": " + m.group(2) + " " + m.group(3).replaceAll("\\d+", "#");
            if (distinct.size() < 20 || distinct.containsKey(text)) {
                distinct.merge(text, 1, Integer::sum);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dir", pushpin.logDir().toString());
        out.put("errors", errors.values().stream().mapToInt(Integer::intValue).sum());
        out.put("warnings", warnings.values().stream().mapToInt(Integer::intValue).sum());
        out.put("errorsByFile", errors);
        out.put("warningsByFile", warnings);
        out.put("distinct", distinct);
        out.put("output", output);
        return out;
    }

    /** One line per figure, a column per target. */
    String markdown() {
        List<String> targets = options.gripTargets;
        StringBuilder sb = new StringBuilder("| figure |");
        targets.forEach(t -> sb.append(' ').append(HEADS.get(t)).append(" |"));
        sb.append(" detail |\n|---|");
        targets.forEach(t -> sb.append("---|"));
        sb.append("---|\n");
        int n = options.gripSubscribers;
        line(sb, "streams open (of " + n + ", " + options.gripConnectConcurrency + " connecting at once)", t -> t.open,
                "seconds to open them: " + join(t -> String.valueOf(t.openSeconds)) + refusals());
        for (int rate : options.gripRates) {
            if (results.values().stream().noneMatch(r -> r.steps.containsKey(rate))) {
                continue;
            }
            String head = rate + " events/s x " + n + " subscribers: ";
            line(sb, head + "deliveries/s", t -> t.step(rate, "deliveriesPerSecond"),
                    "published / due: " + join(t -> t.step(rate, "published") + "/" + t.step(rate, "dispatched"), rate)
                            + "; load generator CPU %: " + join(t -> t.step(rate, "loadGeneratorCpuPercent"), rate)
                            + "; whole machine CPU %: " + join(t -> t.step(rate, "machineCpuPercent"), rate));
            line(sb, head + "latency p50, ms", t -> t.step(rate, "p50Ms"), "");
            line(sb, head + "latency p99, ms", t -> t.step(rate, "p99Ms"),
                    "p99.9: " + join(t -> t.step(rate, "p999Ms"), rate) + " ms");
            line(sb, head + "application CPU, % of one core", t -> t.step(rate, "serverCpuPercent"), "");
            if (results.containsKey("pushpin")) {
                Result p = results.get("pushpin");
                line(sb, head + "Pushpin CPU, % of one core", t -> t == p ? t.step(rate, "proxyCpuPercent") : "",
                        byProgram(p.step(rate, "proxyCpuPercentByProgram")));
                line(sb, head + "application + Pushpin CPU, % of one core", t -> t.serving(rate), "");
            }
        }
        line(sb, "deliveries missing / duplicated after the last step",
                t -> t.deliveries == null ? "" : t.deliveries.missing + " / " + t.deliveries.surplus,
                "events published since the streams opened: " + join(t -> String.valueOf(t.published))
                        + "; positions skipped / repeated: "
                        + join(t -> t.deliveries == null ? ""
                                : t.deliveries.skippedPositions + "/"
                                        + t.deliveries.repeatedPositions));
        if (results.containsKey("pushpin")) {
            Result p = results.get("pushpin");
            line(sb, "Pushpin log: errors / warnings", t -> t == p && t.pushpinLogs != null
                    ? t.pushpinLogs.get("errors") + " / " + t.pushpinLogs.get("warnings")
                    : "", "handler.message_rate=" + options.gripMessageRate + ", message_hwm=" + options.gripMessageHwm);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String figure, Function<Result, Object> value,
            String detail) {
        sb.append("| ").append(figure).append(" |");
        for (String target : options.gripTargets) {
            Result r = results.get(target);
            Object v = r == null ? null : value.apply(r);
            sb.append(' ').append(v == null ? "" : v).append(" |");
        }
        sb.append(' ').append(detail).append(" |\n");
    }

    /** A figure of the targets that reached a rate: "direct a, pushpin b, ...". */
    private String join(Function<Result, Object> value, int rate) {
        List<String> parts = new ArrayList<>();
        for (String target : options.gripTargets) {
            Result r = results.get(target);
            if (r != null && r.steps.containsKey(rate)) {
                parts.add(target + " " + value.apply(r));
            }
        }
        return String.join(", ", parts);
    }

    /** A figure of every target measured: "direct a, pushpin b, ...". */
    private String join(Function<Result, String> value) {
        List<String> parts = new ArrayList<>();
        for (String target : options.gripTargets) {
            Result r = results.get(target);
            if (r != null) {
                parts.add(target + " " + value.apply(r));
            }
        }
        return String.join(", ", parts);
    }

    private String refusals() {
        List<String> parts = new ArrayList<>();
        results.forEach((target, r) -> r.refused.forEach((status, count) -> parts.add(target + " " + count + " x "
                + status.replace("HTTP/1.1 ", ""))));
        return parts.isEmpty() ? "" : "; refused, then connected again: " + String.join(", ", parts);
    }

    private static String byProgram(Object map) {
        if (!(map instanceof Map<?, ?> programs) || programs.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        programs.forEach((program, percent) -> parts.add(program + " " + percent));
        return "by program, %: " + String.join(", ", parts);
    }

    /** What one target measured. */
    private static final class Result {
        int open;
        double openSeconds;
        Map<String, Long> refused = Map.of();
        final Map<Integer, Map<String, Object>> steps = new LinkedHashMap<>();
        long published;
        SseClient.Deliveries deliveries;
        Map<String, Object> pushpinLogs;

        Object step(int rate, String key) {
            Map<String, Object> step = steps.get(rate);
            return step == null ? null : step.get(key);
        }

        /** CPU of every process serving the streams: the application, and Pushpin in front of it. */
        Object serving(int rate) {
            Map<String, Object> step = steps.get(rate);
            if (step == null) {
                return null;
            }
            double cpu = (double) step.get("serverCpuPercent");
            if (step.get("proxyCpuPercent") instanceof Double proxy) {
                cpu += proxy;
            }
            return Proc.round(cpu, 1);
        }
    }
}
