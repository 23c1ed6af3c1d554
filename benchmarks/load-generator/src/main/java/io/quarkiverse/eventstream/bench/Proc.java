package io.quarkiverse.eventstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the benchmarks read from the operating system: CPU and memory of processes from {@code /proc}, the machine,
 * short commands.
 */
final class Proc {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final long CLK_TCK = clockTicks();

    private Proc() {
    }

    /** utime + stime (+ cutime + cstime) of a process, in seconds; -1 when unreadable. */
    static double processCpu(long pid, boolean withChildren) {
        String[] f = statFields(pid);
        if (f == null) {
            return -1;
        }
        // fields after "(comm)": f[0] is field 3 (state); utime is field 14
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return (double) ticks / CLK_TCK;
    }

    /**
     * CPU seconds (utime + stime) of a process and of each of its descendants alive now, summed by program (the file
     * name of its command, or its {@code comm}); e.g. a Pushpin runner and its condure, zurl, pushpin-proxy and
     * pushpin-handler. Programs absent from an earlier reading started meanwhile.
     */
    static Map<String, Double> treeCpu(long pid) {
        Map<String, Double> byProgram = new TreeMap<>();
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isEmpty()) {
            return byProgram;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root.get());
        root.get().descendants().forEach(tree::add);
        for (ProcessHandle process : tree) {
            double cpu = processCpu(process.pid(), false);
            if (cpu >= 0) {
                byProgram.merge(program(process), cpu, Double::sum);
            }
        }
        return byProgram;
    }

    private static String program(ProcessHandle process) {
        Optional<String> command = process.info().command();
        if (command.isPresent()) {
            return Path.of(command.get()).getFileName().toString();
        }
        try {
            return Files.readString(Path.of("/proc/" + process.pid() + "/comm")).strip();
        } catch (IOException | RuntimeException e) {
            return "pid " + process.pid();
        }
    }

    static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * CPU of every process named postgres (backends, WAL writer, checkpointer...), with the reaped children of each:
     * the postmaster's cutime holds the backends that have exited. Includes the load of other databases.
     */
    static double postgresCpu() {
        double total = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.equals("postgres") || comm.startsWith("postgres:")) {
                        double cpu = processCpu(Long.parseLong(name), true);
                        total += Math.max(0, cpu);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    static long statusKiB(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable
        }
        return -1;
    }

    /** Busy and total CPU seconds of the machine since boot, from the first line of /proc/stat. */
    static double[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]), steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new double[] { (double) busy / CLK_TCK, (double) (busy + idle + iowait) / CLK_TCK };
        } catch (IOException | RuntimeException e) {
            return new double[] { -1, -1 };
        }
    }

    static long clockTicks() {
        try {
            return Long.parseLong(run(List.of("getconf", "CLK_TCK")).strip());
        } catch (Exception e) {
            return 100;
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", firstValue("/proc/cpuinfo", "model name"));
        String mem = firstValue("/proc/meminfo", "MemTotal");
        try {
            m.put("memTotalGiB", round(Long.parseLong(mem.replace("kB", "").strip()) / 1024.0 / 1024.0, 1));
        } catch (NumberFormatException e) {
            m.put("memTotal", mem);
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        try {
            m.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).strip());
        } catch (IOException e) {
            // not Linux
        }
        return m;
    }

    static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    /** Runs a short command, bounded by {@link #COMMAND_TIMEOUT}; returns its output, fails on a non-zero exit. */
    static String run(List<String> command) throws Exception {
        Path out = Files.createTempFile("eventstream-bench-cmd-", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TimeoutException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                        + abbreviate(output));
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 500 ? t.substring(0, 500) + "..." : t;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** CPU seconds used by this JVM so far. */
    static double ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    /** The soft limit of open files of this process, which the servers it starts inherit; -1 when unknown. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Kernel memory of all TCP sockets of the machine in KiB ("mem" of /proc/net/sockstat, in pages). */
    static long tcpSocketMemoryKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    String[] f = line.split("\\s+");
                    for (int i = 1; i + 1 < f.length; i++) {
                        if (f[i].equals("mem")) {
                            return Long.parseLong(f[i + 1]) * 4;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
