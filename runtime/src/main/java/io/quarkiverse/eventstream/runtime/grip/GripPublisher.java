package io.quarkiverse.eventstream.runtime.grip;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.runtime.bus.Backoff;
import io.quarkiverse.eventstream.runtime.bus.QuietWarning;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.wire.SseEncoder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Sends every event committed on this instance, and the hints that make held streams recover, to every configured
 * proxy's control API ({@code POST <control-uri>/publish/}). Never blocks nor fails the caller: items wait in a queue
 * per proxy, go out in batches, one request at a time per proxy so they keep their order, and a batch that failed
 * (connection refused, 5xx, timeout) is sent again after a growing wait, until the proxy takes it.
 * <p>
 * A stored channel's item carries its position as {@code id} and the one before as {@code prev-id}: a proxy that
 * missed an item (its queue overflowed, or the items of two instances crossed) notices the gap at the next item and
 * has the stream recover from the store through its link. Events of channels that are not stored are delivered at most
 * once. Thread-safe.
 */
@Singleton
public class GripPublisher {

    private static final Logger LOG = Logger.getLogger(GripPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Items per request. */
    static final int MAX_BATCH_ITEMS = 200;
    /** Bytes of items per request, below Pushpin's default {@code push_in_http_max_body_size} of 1 MB. */
    static final int MAX_BATCH_BYTES = 512 * 1024;
    /** Items waiting per proxy; beyond it the oldest are dropped, and the proxies' gap checks repair them. */
    static final int MAX_QUEUED = 100_000;
    private static final long REQUEST_TIMEOUT_MILLIS = 10_000;

    private final GripSettings settings;
    private final GripNames names;
    private final List<ProxyQueue> queues = new ArrayList<>();
    private final EventStreamThreads threads;
    private final Set<String> scheduledExpiries = ConcurrentHashMap.newKeySet();
    private final QuietWarning warning = new QuietWarning(LOG);
    private HttpClient client;
    private final EventStreamMetrics metrics;

    @Inject
    public GripPublisher(EventStreamRuntimeConfig config, Vertx vertx, EventStreamThreads threads,
            EventStreamMetrics metrics) {
        this(GripSettings.of(config.grip()), vertx, threads, metrics);
    }

    GripPublisher(GripSettings settings, Vertx vertx, EventStreamThreads threads, EventStreamMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.names = settings.names();
        this.threads = threads;
        if (!settings.proxies().isEmpty()) {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setConnectTimeout((int) REQUEST_TIMEOUT_MILLIS));
            Context context = vertx.getOrCreateContext();
            for (GripSettings.Proxy proxy : settings.proxies()) {
                queues.add(new ProxyQueue(proxy, client, context));
            }
        }
    }

    void start(@Observes StartupEvent startup) {
        for (ProxyQueue queue : queues) {
            LOG.infof("Publishing events to GRIP proxy %s at %s", queue.proxy.name(), queue.proxy.publishUri());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (!drain(Duration.ofSeconds(5))) {
            LOG.warn("Stopping with events that no GRIP proxy took yet: their streams recover them from the store");
        }
        if (client != null) {
            // a dev-mode restart makes a new publisher
            client.close();
        }
    }

    /**
     * @return the GRIP settings, read and checked once for the application
     */
    public GripSettings settings() {
        return settings;
    }

    /**
     * Sends a committed event to the proxies.
     */
    public void publish(ChannelEvent event) {
        if (queues.isEmpty()) {
            return;
        }
        enqueue(item(names, event));
    }

    /**
     * Makes the held streams of {@code principal} on {@code channel} recover at once: each asks the application
     * through its link, where its permissions are checked again.
     */
    public void permissionChanged(String principal, String channel) {
        if (queues.isEmpty()) {
            return;
        }
        enqueue(hint(principal, channel));
    }

    /**
     * Makes every held stream of {@code principal} recover at {@code expiry}, when its link answers
     * {@code stream-error} {@code expired}. Once per principal and expiry on this instance.
     */
    public void expireAt(String principal, Instant expiry) {
        if (queues.isEmpty() || principal == null || !scheduledExpiries.add(principal + '\n' + expiry)) {
            return;
        }
        // a second later: the link checks the expiry by the second
        long delay = Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_000;
        threads.timer().schedule(() -> {
            scheduledExpiries.remove(principal + '\n' + expiry);
            enqueue(hint(principal, null));
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits, at most {@code timeout}, until every proxy took what was queued.
     *
     * @return whether all did
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProxyQueue queue : queues) {
            if (!queue.awaitEmpty(deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How publishing to one proxy goes, for the readiness check.
     *
     * @param name the proxy's name in the configuration
     * @param queued the items waiting for it
     * @param published whether it took a request since startup
     * @param failure why the last request failed, or {@code null} when it succeeded (or none was made)
     */
    public record ProxyState(String name, int queued, boolean published, String failure) {
    }

    /**
     * @return the state of each configured proxy; empty without proxies. Never blocks.
     */
    public List<ProxyState> proxyStates() {
        List<ProxyState> states = new ArrayList<>(queues.size());
        for (ProxyQueue queue : queues) {
            states.add(new ProxyState(queue.proxy.name(), queue.size.get(), queue.published, queue.failure));
        }
        return states;
    }

    /**
     * The item of {@code event}, as the proxies' JSON publish format has it.
     */
    static String item(GripNames names, ChannelEvent event) {
        ObjectNode item = JSON.createObjectNode().put("channel", names.channel(event.channel()));
        String frame = SseEncoder.event(null, event.type(), event.data());
        if (event.position() > 0) {
            item.put("id", Long.toString(event.position())).put("prev-id", Long.toString(event.position() - 1));
        }
        ObjectNode stream = item.putObject("formats").putObject("http-stream");
        if (event.position() > 0) {
            // the proxy writes each stream's cursor for %I; a literal % is %%
            stream.put("content", "id: %I\n" + frame.replace("%", "%%"));
            stream.putArray("content-filters").add("build-id");
        } else {
            stream.put("content", frame);
        }
        return write(item);
    }

    /**
     * A hint to the channel of {@code principal}'s held streams: they ask the application again at once; only those
     * subscribed to {@code channel} when it is not {@code null}.
     */
    private String hint(String principal, String channel) {
        ObjectNode item = JSON.createObjectNode().put("channel", names.identity(principal));
        if (channel != null) {
            item.putObject("meta").put("require_sub", names.channel(channel));
        }
        item.putObject("formats").putObject("http-stream").put("action", "hint");
        return write(item);
    }

    private static String write(ObjectNode item) {
        try {
            return JSON.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A publish item JSON cannot write", e);
        }
    }

    private void enqueue(String item) {
        for (ProxyQueue queue : queues) {
            queue.add(item);
        }
    }

    /** The items waiting for one proxy, and the one request in flight. */
    private final class ProxyQueue {

        private final GripSettings.Proxy proxy;
        private final HttpClient client;
        private final Context context;
        private final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean sending = new AtomicBoolean();
        private final Object idle = new Object();
        // on the context only
        private int failures;
        // written on the context, read by the readiness check
        private volatile boolean published;
        private volatile String failure;

        ProxyQueue(GripSettings.Proxy proxy, HttpClient client, Context context) {
            this.proxy = proxy;
            this.client = client;
            this.context = context;
        }

        void add(String item) {
            items.add(item);
            if (size.incrementAndGet() > MAX_QUEUED && items.poll() != null) {
                size.decrementAndGet();
                metrics.gripDropped();
                warning.warn("GRIP proxy " + proxy.name() + " is " + MAX_QUEUED + " items behind; dropping the oldest"
                        + " (the proxy repairs stored channels from the store)");
            }
            wake();
        }

        private void wake() {
            if (!items.isEmpty() && sending.compareAndSet(false, true)) {
                context.runOnContext(v -> sendNext());
            }
        }

        /** On the context. */
        private void sendNext() {
            List<String> batch = new ArrayList<>();
            int bytes = 0;
            String item;
            while (batch.size() < MAX_BATCH_ITEMS && bytes < MAX_BATCH_BYTES && (item = items.poll()) != null) {
                size.decrementAndGet();
                batch.add(item);
                bytes += item.length();
            }
            if (batch.isEmpty()) {
                sending.set(false);
                synchronized (idle) {
                    idle.notifyAll();
                }
                // an item added after the poll and before the flag went down
                wake();
                return;
            }
            send(body(batch), batch.size());
        }

        private Buffer body(List<String> batch) {
            Buffer body = Buffer.buffer(16 + batch.stream().mapToInt(i -> i.length() + 1).sum());
            body.appendString("{\"items\":[");
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    body.appendString(",");
                }
                body.appendString(batch.get(i));
            }
            return body.appendString("]}");
        }

        private void send(Buffer body, int count) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                    .setAbsoluteURI(proxy.publishUri().toString()).setTimeout(REQUEST_TIMEOUT_MILLIS)
                    .putHeader("Content-Type", "application/json");
            String authorization = proxy.authorization(Instant.now().getEpochSecond());
            if (authorization != null) {
                options.putHeader("Authorization", authorization);
            }
            client.request(options).compose(request -> request.send(body)).onComplete(result -> {
                if (result.succeeded() && result.result().statusCode() / 100 == 2) {
                    result.result().body();
                    failures = 0;
                    published = true;
                    failure = null;
                    sendNext();
                    return;
                }
                int status = result.succeeded() ? result.result().statusCode() : 0;
                metrics.gripPublishFailed();
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    // the proxy will never take these items: drop them, the gap checks repair stored channels
                    result.result().body().onSuccess(text -> LOG.warnf(
                            "GRIP proxy %s refused %d items with %d: %s", proxy.name(), count, status,
                            text.toString().trim()));
                    failures = 0;
                    failure = "refused with status " + status;
                    sendNext();
                    return;
                }
                String reason = result.succeeded() ? "status " + status : String.valueOf(result.cause());
                long wait = Backoff.millis(failures++);
                failure = reason;
                warning.warn("Publishing " + count + " items to GRIP proxy " + proxy.name() + " failed (" + reason
                        + "); trying again in " + wait + " ms");
                context.owner().setTimer(wait, id -> send(body, count));
            });
        }

        boolean awaitEmpty(long deadline) {
            synchronized (idle) {
                while (sending.get() || !items.isEmpty()) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        idle.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        }
    }
}
