package io.quarkiverse.eventstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * Holds many SSE streams cheaply: raw HTTP/1.1 over Vert.x {@link NetClient}s, one per loopback source address (each
 * address has its own ~28k ephemeral ports), parsed byte by byte without building strings. Counts events, keep-alives
 * and control events, and records the publish-to-receive latency of events whose data starts with the publisher's
 * clock in microseconds ({@code PublishDriver}). Each stream also counts its events and checks that the positions their
 * {@code id:} lines end with ({@code ...~<position>}, the extension's cursor of a one-channel stream) rise by one:
 * {@link #deliveries(long)}.
 */
final class SseClient implements AutoCloseable {

    private final Vertx vertx;
    private final List<NetClient> clients = new ArrayList<>();
    private final HttpClient http2;
    private final String host;
    private final int port;
    private final List<Stream> streams = new ArrayList<>();

    /** microseconds, 1 µs to 10 minutes, 3 significant digits */
    private final Recorder latency = new Recorder(600_000_000L, 3);
    private volatile boolean recordLatency;
    final LongAdder events = new LongAdder();
    final LongAdder keepAlives = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder streamErrors = new LongAdder();
    final LongAdder ended = new LongAdder();
    final LongAdder failedOpens = new LongAdder();
    /** streams refused, by the status line of their answer; the first ten of each are logged */
    final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    /** System.nanoTime() of the last event received */
    final AtomicLong lastEventNanos = new AtomicLong();

    /** Streams that reached their target count of events, and when the last did. */
    final LongAdder caughtUp = new LongAdder();
    final AtomicLong lastCaughtUpNanos = new AtomicLong();
    private final Recorder catchUpMillis = new Recorder(3_600_000L, 3);
    private volatile long catchUpStartNanos;

    SseClient(int eventLoops, List<String> sourceAddresses, String host, int port) {
        this(eventLoops, sourceAddresses, host, port, 0);
    }

    /**
     * @param http2StreamsPerConnection with a positive value, streams are multiplexed over HTTP/2 connections without
     *        TLS (h2c, prior knowledge), this many per connection, instead of one HTTP/1.1 connection each
     */
    SseClient(int eventLoops, List<String> sourceAddresses, String host, int port, int http2StreamsPerConnection) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        for (String source : sourceAddresses) {
            clients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress(source).setConnectTimeout(30_000)
                    .setTcpNoDelay(true).setReuseAddress(true)));
        }
        this.http2 = http2StreamsPerConnection <= 0 ? null
                : vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false).setHttp2MultiplexingLimit(http2StreamsPerConnection)
                        .setConnectTimeout(30_000).setTcpNoDelay(true).setIdleTimeout(0)
                        .setHttp2KeepAliveTimeout(0),
                        new PoolOptions().setHttp2MaxSize(100_000));
        this.host = host;
        this.port = port;
    }

    /**
     * Opens {@code count} streams, at most {@code concurrency} connecting at once, and waits until each has its
     * response head (status 200) or failed.
     *
     * @param path the path of stream {@code i}
     * @param lastEventId the {@code Last-Event-ID} of stream {@code i}, or {@code null}
     * @param target events after which stream {@code i} counts as caught up, 0 for never
     * @return the number of streams open
     */
    int open(int count, IntFunction<String> path, IntFunction<String> lastEventId, int target, int concurrency,
            long timeoutMillis) throws InterruptedException, TimeoutException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Boolean>> heads = new ArrayList<>(count);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("opening " + count + " streams took longer than " + timeoutMillis + " ms");
            }
            Stream stream = new Stream(target);
            streams.add(stream);
            heads.add(stream.head);
            stream.head.whenComplete((ok, e) -> inFlight.release());
            String id = lastEventId == null ? null : lastEventId.apply(i);
            StringBuilder request = new StringBuilder(160).append("GET ").append(path.apply(i)).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            if (id != null) {
                request.append("Last-Event-ID: ").append(id).append("\r\n");
            }
            if (http2 != null) {
                String streamPath = path.apply(i);
                http2.request(HttpMethod.GET, port, host, streamPath).compose(req -> {
                    req.putHeader("Accept", "text/event-stream");
                    if (id != null) {
                        req.putHeader("Last-Event-ID", id);
                    }
                    return req.send();
                }).onComplete(result -> {
                    if (result.failed()) {
                        Log.log("stream failed: " + result.cause());
                        stream.fail();
                    } else {
                        stream.attach(result.result());
                    }
                });
                continue;
            }
            byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            clients.get(i % clients.size()).connect(port, host).onComplete(result -> {
                if (result.failed()) {
                    stream.fail();
                    return;
                }
                stream.attach(result.result());
                result.result().write(Buffer.buffer(bytes));
            });
        }
        int open = 0;
        for (CompletableFuture<Boolean> head : heads) {
            try {
                if (head.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    open++;
                }
            } catch (ExecutionException e) {
                // counted as failed
            }
        }
        return open;
    }

    void recordLatency(boolean on) {
        recordLatency = on;
    }

    /** The latencies recorded since the last call, in microseconds. */
    Histogram takeLatencies() {
        return latency.getIntervalHistogram();
    }

    /** Starts the clock of catch-up times: each stream's time from here to its target count. */
    void startCatchUpClock() {
        catchUpStartNanos = System.nanoTime();
        caughtUp.reset();
        lastCaughtUpNanos.set(0);
        catchUpMillis.reset();
    }

    Histogram takeCatchUpMillis() {
        return catchUpMillis.getIntervalHistogram();
    }

    int streams() {
        return streams.size();
    }

    /**
     * What each open stream received since it opened, against the events published meanwhile: a stream that received
     * fewer than {@code expected} misses events, one that received more than {@code atMost} got duplicates; a stream
     * whose events carry positions must see them rise by one, and a position that skips or repeats counts as missing or
     * duplicated. Read once the deliveries stopped: each stream's counters are written by its event loop.
     *
     * @param atMost {@code expected}, or more when it is not known whether the last events were published
     */
    Deliveries deliveries(long expected, long atMost) {
        Deliveries d = new Deliveries();
        d.expectedPerStream = expected;
        d.atMostPerStream = atMost;
        d.minReceived = Long.MAX_VALUE;
        for (Stream stream : streams) {
            if (!stream.head.getNow(false)) {
                // refused or never answered: counted by open()
                continue;
            }
            d.streams++;
            // read first: its write is the last of each event's updates
            long received = stream.messages;
            if (received == 0) {
                d.streamsWithoutEvents++;
                if (stream.keepAlivesSeen > 0) {
                    d.silentStreamsWithKeepAlives++;
                }
            }
            d.minReceived = Math.min(d.minReceived, received);
            d.maxReceived = Math.max(d.maxReceived, received);
            d.missing += Math.max(0, expected - received);
            d.surplus += Math.max(0, received - atMost);
            if (received < expected || received > atMost) {
                d.streamsWrongCount++;
            }
            if (stream.lastPosition >= 0) {
                d.streamsWithIds++;
            }
            d.skippedPositions += stream.skipped;
            d.repeatedPositions += stream.repeated;
            if (stream.skipped > 0 || stream.repeated > 0) {
                d.streamsOutOfSequence++;
            }
        }
        if (d.streams == 0) {
            d.minReceived = 0;
        }
        return d;
    }

    /** The outcome of {@link #deliveries(long)}. */
    static final class Deliveries {
        /** the streams that opened (status 200) */
        int streams;
        long expectedPerStream;
        long atMostPerStream;
        /** open streams that received no event at all */
        int streamsWithoutEvents;
        /** of those, the ones that received keep-alives: held, but not subscribed */
        int silentStreamsWithKeepAlives;
        long minReceived;
        long maxReceived;
        /** events short of the expected count, summed over the streams */
        long missing;
        /** events beyond the expected count, summed over the streams */
        long surplus;
        int streamsWrongCount;
        /** streams whose events carried positions */
        int streamsWithIds;
        /** positions skipped between two consecutive events of a stream, summed */
        long skippedPositions;
        /** events whose position was not above the stream's previous one, summed */
        long repeatedPositions;
        int streamsOutOfSequence;

        boolean exact() {
            return missing == 0 && surplus == 0 && skippedPositions == 0 && repeatedPositions == 0;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("streams", streams);
            m.put("expectedPerStream", expectedPerStream);
            if (atMostPerStream != expectedPerStream) {
                m.put("atMostPerStream", atMostPerStream);
            }
            m.put("minReceivedPerStream", minReceived);
            m.put("maxReceivedPerStream", maxReceived);
            m.put("missing", missing);
            m.put("duplicates", surplus);
            m.put("streamsWithWrongCount", streamsWrongCount);
            m.put("streamsWithoutEvents", streamsWithoutEvents);
            m.put("silentStreamsWithKeepAlives", silentStreamsWithKeepAlives);
            m.put("streamsWithIds", streamsWithIds);
            m.put("skippedPositions", skippedPositions);
            m.put("repeatedPositions", repeatedPositions);
            m.put("streamsOutOfSequence", streamsOutOfSequence);
            m.put("exact", exact());
            return m;
        }
    }

    /** Closes every stream this client opened; returns once the sockets are closed, at most after 30 s. */
    void closeStreams() throws InterruptedException {
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Stream stream : streams) {
            NetSocket socket = stream.socket;
            if (socket != null) {
                closed.add(socket.close().toCompletionStage().toCompletableFuture().exceptionally(e -> null));
            } else if (stream.http2Response != null) {
                stream.http2Response.request().reset();
            }
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Log.log("closing streams: " + e);
        }
        streams.clear();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.log("closing the client: " + e);
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** One connection: the response head, chunked transfer coding, then the event stream, parsed as bytes arrive. */
    private final class Stream {

        private static final int HEAD = 0, CHUNK_SIZE = 1, CHUNK_EXT = 2, CHUNK_DATA = 3, CHUNK_END = 4, RAW = 5,
                DONE = 6;
        private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ID = "id:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] STREAM_ERROR = "stream-error".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] STREAM_RESET = "stream-reset".getBytes(StandardCharsets.US_ASCII);

        final CompletableFuture<Boolean> head = new CompletableFuture<>();
        private final int target;
        volatile NetSocket socket;
        volatile HttpClientResponse http2Response;
        private int state = HEAD;
        private StringBuilder headText = new StringBuilder();
        private long chunkRemaining;
        private boolean lastWasCr;
        // the current line: only its start is kept, which is all the parser needs
        private final byte[] line = new byte[40];
        private int lineLength;
        // the current event
        private boolean hasData;
        private long stamp;
        private int type; // 0 message, 1 keep-alive, 2 stream-error, 3 stream-reset, 4 other
        private int received;
        private long nowMicros;
        // the number after the last '~' of the current line, while every byte since that '~' is a digit
        private long tail = -1;
        private long eventPosition = -1;
        // the sequence check, on the event loop; messages is written last of them and read first
        long lastPosition = -1;
        long skipped;
        long repeated;
        int keepAlivesSeen;
        volatile long messages;

        Stream(int target) {
            this.target = target;
        }

        void attach(NetSocket socket) {
            this.socket = socket;
            socket.handler(this::onBytes);
            socket.closeHandler(v -> {
                if (state != HEAD) {
                    ended.increment();
                }
                fail();
            });
        }

        /** An HTTP/2 stream: the client decoded the head and the framing, the body is the event stream itself. */
        void attach(HttpClientResponse response) {
            if (response.statusCode() != 200) {
                Log.log("stream refused: " + response.statusCode());
                state = DONE;
                failedOpens.increment();
                head.complete(false);
                response.request().reset();
                return;
            }
            http2Response = response;
            state = RAW;
            response.handler(this::onBytes);
            response.endHandler(v -> ended.increment());
            response.exceptionHandler(e -> ended.increment());
            head.complete(true);
        }

        void fail() {
            if (!head.isDone()) {
                failedOpens.increment();
                head.complete(false);
            }
        }

        private void onBytes(Buffer buffer) {
            nowMicros = 0;
            byte[] bytes = buffer.getBytes();
            int i = 0;
            while (i < bytes.length) {
                switch (state) {
                    case HEAD -> i = head(bytes, i);
                    case CHUNK_SIZE -> {
                        byte b = bytes[i++];
                        if (b == '\n') {
                            state = chunkRemaining == 0 ? DONE : CHUNK_DATA;
                        } else if (b == ';') {
                            state = CHUNK_EXT;
                        } else if (b != '\r') {
                            chunkRemaining = chunkRemaining * 16 + Character.digit(b, 16);
                        }
                    }
                    case CHUNK_EXT -> {
                        if (bytes[i++] == '\n') {
                            state = chunkRemaining == 0 ? DONE : CHUNK_DATA;
                        }
                    }
                    case CHUNK_DATA -> {
                        int n = (int) Math.min(chunkRemaining, bytes.length - i);
                        feed(bytes, i, i + n);
                        i += n;
                        chunkRemaining -= n;
                        if (chunkRemaining == 0) {
                            state = CHUNK_END;
                        }
                    }
                    case CHUNK_END -> {
                        if (bytes[i++] == '\n') {
                            state = CHUNK_SIZE;
                        }
                    }
                    case RAW -> {
                        feed(bytes, i, bytes.length);
                        i = bytes.length;
                    }
                    default -> i = bytes.length;
                }
            }
        }

        private int head(byte[] bytes, int from) {
            for (int i = from; i < bytes.length; i++) {
                headText.append((char) bytes[i]);
                int n = headText.length();
                if (n >= 4 && headText.charAt(n - 1) == '\n' && headText.charAt(n - 2) == '\r'
                        && headText.charAt(n - 3) == '\n') {
                    String text = headText.toString();
                    headText = null;
                    boolean ok = text.startsWith("HTTP/1.1 200");
                    if (!ok) {
                        String status = text.lines().findFirst().orElse("");
                        if (refusals.computeIfAbsent(status, k -> new LongAdder()).sum() < 10) {
                            Log.log("stream refused: " + status);
                        }
                        refusals.get(status).increment();
                        state = DONE;
                        failedOpens.increment();
                        head.complete(false);
                        socket.close();
                        return bytes.length;
                    }
                    state = text.toLowerCase().contains("transfer-encoding: chunked") ? CHUNK_SIZE : RAW;
                    head.complete(true);
                    return i + 1;
                }
                if (n > 16_384) {
                    state = DONE;
                    fail();
                    socket.close();
                    return bytes.length;
                }
            }
            return bytes.length;
        }

        private void feed(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                byte b = bytes[i];
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                if (b == '\r' || b == '\n') {
                    endLine();
                } else {
                    if (lineLength < line.length) {
                        line[lineLength] = b;
                    }
                    lineLength++;
                    if (b == '~') {
                        tail = 0;
                    } else if (tail >= 0) {
                        int d = b - '0';
                        tail = d >= 0 && d <= 9 && tail < Long.MAX_VALUE / 10 ? tail * 10 + d : -1;
                    }
                }
            }
        }

        private void endLine() {
            int n = Math.min(lineLength, line.length);
            if (lineLength == 0) {
                dispatch();
            } else if (line[0] == ':') {
                keepAlives.increment();
                keepAlivesSeen++;
            } else if (startsWith(DATA, n)) {
                if (!hasData) {
                    hasData = true;
                    stamp = 0;
                    for (int i = DATA.length + (n > DATA.length && line[DATA.length] == ' ' ? 1 : 0); i < n; i++) {
                        int d = line[i] - '0';
                        if (d < 0 || d > 9) {
                            break;
                        }
                        stamp = stamp * 10 + d;
                    }
                }
            } else if (startsWith(ID, n)) {
                eventPosition = tail;
            } else if (startsWith(EVENT, n)) {
                int from = EVENT.length + (n > EVENT.length && line[EVENT.length] == ' ' ? 1 : 0);
                type = is(MESSAGE, from, n) ? 0
                        : is(KEEP_ALIVE, from, n) ? 1
                                : is(STREAM_ERROR, from, n) ? 2 : is(STREAM_RESET, from, n) ? 3 : 4;
            }
            lineLength = 0;
            tail = -1;
        }

        private void dispatch() {
            if (hasData) {
                switch (type) {
                    case 0 -> onEvent();
                    case 1 -> {
                        keepAlives.increment();
                        keepAlivesSeen++;
                    }
                    case 2 -> streamErrors.increment();
                    case 3 -> resets.increment();
                    default -> {
                        // stream-open and others
                    }
                }
            }
            hasData = false;
            type = 0;
            eventPosition = -1;
        }

        private void onEvent() {
            if (eventPosition >= 0) {
                if (lastPosition >= 0 && eventPosition > lastPosition + 1) {
                    skipped += eventPosition - lastPosition - 1;
                } else if (lastPosition >= 0 && eventPosition <= lastPosition) {
                    repeated++;
                }
                lastPosition = Math.max(lastPosition, eventPosition);
            }
            messages++;
            events.increment();
            long nanos = System.nanoTime();
            lastEventNanos.accumulateAndGet(nanos, Math::max);
            if (recordLatency && stamp > 0) {
                if (nowMicros == 0) {
                    nowMicros = epochMicros();
                }
                latency.recordValue(Math.max(1, Math.min(nowMicros - stamp, 600_000_000L)));
            }
            if (++received == target) {
                caughtUp.increment();
                lastCaughtUpNanos.accumulateAndGet(nanos, Math::max);
                catchUpMillis.recordValue(Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMillis(nanos - catchUpStartNanos),
                        3_600_000L)));
            }
        }

        private boolean startsWith(byte[] prefix, int n) {
            return is(prefix, 0, Math.min(n, prefix.length)) && n >= prefix.length;
        }

        private boolean is(byte[] word, int from, int n) {
            if (n - from != word.length) {
                return false;
            }
            for (int i = 0; i < word.length; i++) {
                if (line[from + i] != word[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
