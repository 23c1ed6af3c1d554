package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@link Pushpin} and {@link Nginx} have in common: a server run as a local process (a main process and its
 * children) for integration tests, with its configuration file and {@code log/} directory under a work directory of its
 * own, and bounded waits for it to start and to stop.
 * <p>
 * A subclass writes its configuration, then {@link #launch(List, String) launches} the main process from its
 * constructor; its builder calls {@link #awaitStarted(Duration)}, which polls {@link #ready()}, and closes it should it
 * not start. {@link #close()} asks the main process to stop ({@link #requestStop()}), then stops every process of the
 * server still alive, forcibly after a bound.
 */
abstract class LocalServer implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONNECT_TIMEOUT_MILLIS = 200;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final Path workDir;
    private final Path configFile;
    private final Path logDir;
    private final Duration pollInterval;
    private Process process;
    // the main process's children once the server started, kept in case the main process dies first
    private volatile List<ProcessHandle> children = List.of();
    private volatile boolean closed;

    /**
     * Creates {@code workDir} and its {@code log/} directory.
     *
     * @param name the server's name in messages, e.g. {@code "Pushpin"}
     * @param configFileName the name of the configuration file in {@code workDir}
     * @param pollInterval the pause between two polls of a wait
     */
    LocalServer(String name, Path workDir, String configFileName, Duration pollInterval) throws IOException {
        this.name = name;
        this.workDir = workDir.toAbsolutePath();
        Files.createDirectories(this.workDir);
        this.configFile = this.workDir.resolve(configFileName);
        this.logDir = Files.createDirectories(this.workDir.resolve("log"));
        this.pollInterval = pollInterval;
    }

    /** The directory of the log files. */
    public Path logDir() {
        return logDir;
    }

    /** The configuration file written for this server. */
    public Path configFile() {
        return configFile;
    }

    /** The main process's id (Pushpin's runner, nginx's master). */
    public long pid() {
        return process.pid();
    }

    /** Whether the main process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Every line of every log file, each prefixed with its file's name, e.g. {@code "pushpin-proxy.log: [INFO] ... GET
     * http://... -> 127.0.0.1:18084"} or {@code "access.log: 127.0.0.1 \"GET /events/c HTTP/1.1\" 200 ...
     * upstream_status=200 x_accel_buffering=-"}.
     */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.sorted().collect(Collectors.toList())) {
                String fileName = file.getFileName().toString();
                readLines(file).forEach(line -> lines.add(fileName + ": " + line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The last {@code count} lines of {@link #logLines()}, one string, for failure messages. */
    public String logTail(int count) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * Asks the main process to stop ({@link #requestStop()}: {@code SIGQUIT} for nginx, {@code SIGTERM} for Pushpin's
     * runner, which stops its services), then stops every process of the server still alive with {@code SIGTERM}, then
     * forcibly, each after a bound; the main process's children too, should it die before them.
     *
     * @throws IllegalStateException if a process of this server is still alive after all that
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the children, before the main process exits and they are re-parented
        List<ProcessHandle> tree = new ArrayList<>(children);
        process.descendants().filter(child -> !tree.contains(child)).forEach(tree::add);
        tree.add(process.toHandle());
        try {
            requestStop();
            awaitExit(tree, STOP_TIMEOUT);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
            awaitExit(tree, STOP_TIMEOUT);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        release();
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        if (!alive.isEmpty()) {
            throw new IllegalStateException(name + " processes still alive after close: " + alive);
        }
    }

    /** The work directory (absolute). */
    Path workDir() {
        return workDir;
    }

    /**
     * Starts the main process in the work directory, its output and errors going to {@code log/<outputFile>}.
     */
    void launch(List<String> command, String outputFile) throws IOException {
        this.process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(outputFile).toFile())
                .start();
    }

    /** Whether the server is ready for the tests; polled by {@link #awaitStarted(Duration)} while the process lives. */
    abstract boolean ready();

    /** What a failure to start says after its reason: by default the configuration file and the end of the logs. */
    String diagnostics() {
        return "config " + configFile + ", logs:\n" + logTail(40);
    }

    /** The first step of {@link #close()}: {@code SIGTERM} to the main process unless overridden. */
    void requestStop() throws InterruptedException {
        process.destroy();
    }

    /**
     * Releases what the server holds besides its processes; called by {@link #close()} once they are stopped (or could
     * not be). Nothing unless overridden.
     */
    void release() {
    }

    /** Closes this server after {@code failure} to start it; what closing throws is added to {@code failure}. */
    void closeAfter(Exception failure) {
        try {
            close();
        } catch (RuntimeException closing) {
            failure.addSuppressed(closing);
        }
    }

    /**
     * Waits until {@link #ready()}, then records the main process's children for {@link #close()}.
     *
     * @throws IOException if the main process exited first or the server was not ready in time (the message says why
     *         and has the {@link #diagnostics()})
     */
    void awaitStarted(Duration timeout) throws IOException {
        try {
            if (poll(timeout, () -> process.isAlive() && ready() ? Boolean.TRUE : null) == null) {
                throw new IOException(process.isAlive()
                        ? name + " did not start within " + timeout + "; " + diagnostics()
                        : name + " exited with " + process.exitValue() + " while starting; " + diagnostics());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while " + name + " was starting", e);
        }
        children = process.descendants().collect(Collectors.toList());
    }

    /**
     * Calls {@code check} until it returns something, the main process exits or {@code timeout} passes; the pause
     * between two calls is cut short if the main process exits.
     *
     * @return what {@code check} returned, or {@code null} if the process exited or the time ran out first
     */
    <T> T poll(Duration timeout, Supplier<T> check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T result = check.get();
            if (result != null) {
                return result;
            }
            if (!process.isAlive() || System.nanoTime() - deadline >= 0) {
                return null;
            }
            process.waitFor(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends a signal to the main process with the {@code kill} command, e.g. {@code QUIT}, for the signals
     * {@link Process#destroy()} cannot send. Does nothing if there is no {@code kill} command.
     */
    void signal(String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill command: the SIGTERM that follows stops the server too, at once
        }
    }

    /** The lines of a file, none if it does not exist (yet). */
    static List<String> readLines(Path file) {
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

    /** Whether {@code bin} (a path, or a name to look for on the {@code PATH}) is an executable file. */
    static boolean executable(String bin) {
        if (bin.contains("/")) {
            return Files.isExecutable(Path.of(bin));
        }
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, bin)));
    }

    /** {@code count} distinct loopback ports that were free a moment ago. */
    static int[] freePorts(int count) throws IOException {
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

    /** Whether a loopback port accepts connections. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends {@code GET <path>} with {@code Connection: close} to a loopback port and reads the answer until
     * {@code enough} holds for what was read, or the answer ends; each read waits 2 s at most.
     *
     * @return what was read (US-ASCII), or {@code null} if the connection or a read failed or timed out
     */
    static String get(int port, String path, Predicate<String> enough) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[1024];
            int read;
            while (!enough.test(answer.toString()) && (read = in.read(buffer)) >= 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            }
            return answer.toString();
        } catch (IOException e) {
            return null;
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
}
