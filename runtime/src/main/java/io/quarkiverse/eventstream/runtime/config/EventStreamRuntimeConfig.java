package io.quarkiverse.eventstream.runtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Event stream configuration read at run time.
 */
@ConfigMapping(prefix = "quarkus.eventstream")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface EventStreamRuntimeConfig {

    /**
     * Maximum number of channels one stream may subscribe to. A request for more is answered with {@code 400}.
     */
    @WithDefault("10")
    int maxChannels();

    /**
     * Maximum number of streams one authenticated identity (by principal name) may hold open on this instance. A
     * request beyond it is answered with {@code 429}. Anonymous streams are not counted. Unlimited when unset.
     */
    OptionalInt maxStreamsPerIdentity();

    /**
     * Maximum number of events queued for one stream while its client reads slower than events are published.
     * Beyond it the stream receives a {@code stream-error} event with condition {@code overflow} and is closed, so
     * a client that never reads cannot make the server buffer without bound.
     */
    @WithDefault("1000")
    int maxQueuedEvents();

    /**
     * Reconnection delay sent to clients in a {@code retry:} field at the start of each stream. Not sent when unset,
     * so clients keep their own default.
     */
    Optional<Duration> retry();

    /**
     * Number of spaces in a comment written at the start of each stream, before {@code stream-open}, for old
     * XHR-based polyfills that buffer the first kilobytes (2048 suits them). {@code 0} sends none.
     */
    @WithDefault("0")
    int padding();

    /**
     * Replay of missed events.
     */
    @ConfigDocSection
    Replay replay();

    /**
     * Retention of stored events.
     */
    @ConfigDocSection
    Retention retention();

    /**
     * Event storage.
     */
    @ConfigDocSection
    Store store();

    /**
     * Keep-alive.
     */
    @ConfigDocSection
    KeepAlive keepAlive();

    /**
     * Delivery across instances ({@code quarkus.eventstream.bus}).
     */
    @ConfigDocSection
    Bus bus();

    /**
     * The bus between instances.
     */
    interface Bus {

        /**
         * How often each instance compares the positions of the stored channels its streams read with the store's, and
         * reads what the bus did not bring. The same check runs each time the bus (re)connects. {@code off} disables
         * the periodic check (not recommended: an event whose message the bus lost, with no event after it, then waits
         * for the next event of its channel).
         */
        @WithDefault("30S")
        @WithConverter(DurationOrOffConverter.class)
        Optional<Duration> checkInterval();

        /**
         * The PostgreSQL notification channel or Redis pub/sub channel the instances share. Applications that share a
         * database or a Redis server give each their own.
         */
        @WithDefault("eventstream")
        String channel();

        /**
         * The {@code postgres} bus.
         */
        Postgres postgres();
    }

    /**
     * The {@code postgres} bus.
     */
    interface Postgres {

        /**
         * The datasource whose connection settings the bus uses: its {@code reactive.url} when set, else its
         * {@code jdbc.url}, with its {@code username} and {@code password}. The bus opens two connections of its own:
         * one that listens (it must reach PostgreSQL directly, not through PgBouncer in transaction pooling mode), one
         * that notifies.
         */
        @io.quarkus.runtime.annotations.ConfigDocDefault("the default datasource")
        Optional<String> datasource();
    }

    /**
     * The readiness check.
     */
    @ConfigDocSection
    Health health();

    /**
     * The readiness check {@code eventstream} ({@code quarkus.eventstream.health.enabled}).
     */
    interface Health {

        /**
         * How long the readiness check waits for the store to answer its query (the {@code hibernate-orm} store) or its
         * {@code PING} (the {@code redis} store). A store that does not answer in time makes the check {@code DOWN}.
         */
        @WithDefault("3S")
        Duration storeTimeout();
    }

    /**
     * GRIP proxies (Pushpin, Fastly Fanout) that hold the streams for the application.
     */
    @ConfigDocSection
    Grip grip();

    /**
     * GRIP proxy settings. Nothing changes while none is set.
     */
    interface Grip {

        /**
         * The proxies every published event is sent to, by a name of the application's choosing:
         * {@code quarkus.eventstream.grip.proxies."pushpin".control-uri=http://127.0.0.1:5561}.
         */
        @ConfigDocMapKey("proxy-name")
        Map<String, GripProxy> proxies();

        /**
         * The key that verifies the {@code Grip-Sig} header a proxy signs each request with: the shared secret of an
         * HS256 signature (Pushpin's {@code sig_key}), written as it is or as {@code base64:<bytes>}, or a PEM public
         * key ({@code -----BEGIN PUBLIC KEY-----...}) for ES256 or RS256 signatures, as Fastly Fanout uses. Only a
         * request whose signature verifies is answered for the proxy; any other gets a direct stream. Required to
         * answer for a proxy.
         */
        Optional<String> verifyKey();

        /**
         * The issuer ({@code iss} claim) a {@code Grip-Sig} must carry, for example {@code pushpin}. Not checked when
         * unset.
         */
        Optional<String> verifyIssuer();

        /**
         * The key that signs the links a proxy follows to recover a stream (they carry the stream's identity and
         * channels): an HMAC secret of at least 32 bytes, as it is or {@code base64:<bytes>}, the same on every
         * instance. Required when {@code verify-key} is a public key; otherwise derived from {@code verify-key}.
         */
        Optional<String> linkKey();

        /**
         * Prefix of the proxy's channel names: an application that shares its proxy with others gives each its own.
         */
        @WithDefault("events-")
        String channelPrefix();

        /**
         * How long a held stream whose channels are quiet waits before its proxy asks the application again
         * (re-checking permissions, and reading from the store anything a failed publish did not bring). Each held
         * stream asks once per interval: {@code streams / interval} requests per second across the instances.
         */
        @WithDefault("5M")
        Duration recoveryInterval();
    }

    /**
     * One GRIP proxy.
     */
    interface GripProxy {

        /**
         * The base URI of the proxy's control API; events are posted to {@code <control-uri>/publish/}. Pushpin listens
         * on {@code http://127.0.0.1:5561}; Fastly Fanout on {@code https://api.fastly.com/service/<service-id>}.
         */
        URI controlUri();

        /**
         * The issuer of the JWT sent with each publish (Pushpin's {@code control_iss}); with {@code control-key},
         * publishes carry {@code Authorization: Bearer <HS256 JWT>}.
         */
        Optional<String> controlIssuer();

        /**
         * The key of the control API: with {@code control-issuer}, the HS256 secret of the JWT (as it is or
         * {@code base64:<bytes>}); without it, a token sent as it is ({@code Authorization: Bearer <key>}, the Fastly
         * API token).
         */
        Optional<String> controlKey();
    }

    /**
     * Cross-origin requests (CORS) to the event stream endpoints.
     */
    @ConfigDocSection
    Cors cors();

    /**
     * Replay settings.
     */
    interface Replay {

        /**
         * Number of events read from the store at a time while a stream replays or catches up. Replay of any length
         * holds at most this many events in memory per stream.
         */
        @WithDefault("100")
        int pageSize();

        /**
         * Number of the last events of each stored channel that an instance keeps in memory, in front of a store that
         * does I/O ({@code hibernate-orm}, {@code redis}), so that clients reconnecting a little behind replay without
         * a query. Only events that reached this instance's streams are kept (with a bus, those of the other instances
         * too). {@code 0} turns the cache off.
         */
        @WithDefault("100")
        int cacheSize();

        /**
         * Number of channels whose last events are kept in memory (see {@code replay.cache-size}); past it, the channel
         * published to least recently is dropped.
         */
        @WithDefault("1000")
        int cacheChannels();
    }

    /**
     * Retention settings.
     */
    interface Retention {

        /**
         * How long stored events are kept. Older events are purged; a client whose cursor points before the oldest
         * kept event receives a {@code stream-reset} for that channel.
         */
        @WithDefault("24h")
        Duration maxAge();

        /**
         * How often the purge job runs (for example {@code 5m}); {@code off} disables the job, for an application that
         * purges in its own way.
         */
        @WithDefault("5m")
        @WithConverter(DurationOrOffConverter.class)
        Optional<Duration> purgeInterval();

        /**
         * Number of events deleted per statement by the purge job.
         */
        @WithDefault("1000")
        int purgeBatchSize();
    }

    /**
     * Store settings read at run time.
     */
    interface Store {

        /**
         * Threads that read a store that does I/O ({@code hibernate-orm}, {@code redis}) for streams that open or
         * replay; each holds one database connection (or waits on one Redis reply) while it reads. Reads that arrive
         * together share queries, so a few threads serve thousands of reconnecting clients.
         */
        @WithDefault("4")
        int readThreads();

        /**
         * In-memory store.
         */
        Memory memory();

        /**
         * Redis store.
         */
        Redis redis();
    }

    /**
     * In-memory store settings.
     */
    interface Memory {

        /**
         * Events kept per channel by the {@code memory} store; older ones are dropped first.
         */
        @WithDefault("1000")
        int maxEventsPerChannel();
    }

    /**
     * Redis store settings.
     */
    interface Redis {

        /**
         * Prefix of the keys of the {@code redis} store. It is written in braces, as a Redis Cluster hash tag, so that
         * every key of the store lives in one slot: {@code {eventstream}:pos:<channel>},
         * {@code {eventstream}:ev:<channel>}, {@code {eventstream}:time}, {@code {eventstream}:epoch}. Every instance
         * sharing the events must use the same prefix; applications sharing one Redis use different ones. Must not be
         * blank nor contain braces.
         */
        @WithDefault("eventstream")
        String keyPrefix();
    }

    /**
     * Keep-alive settings.
     */
    interface KeepAlive {

        /**
         * Idle time after which a stream that sent nothing receives a keep-alive, so proxies and load balancers do
         * not close quiet streams. {@code 0} disables keep-alives.
         */
        @WithDefault("20s")
        Duration interval();

        /**
         * What a keep-alive looks like on the wire.
         */
        @WithDefault("comment")
        KeepAliveMode mode();
    }

    /**
     * The form of a keep-alive.
     */
    enum KeepAliveMode {
        /**
         * A comment line ({@code :}), ignored by every client.
         */
        COMMENT,
        /**
         * A {@code keep-alive} event with empty data, as django-eventstream sends; clients see it as an event.
         */
        EVENT
    }

    /**
     * CORS settings.
     */
    interface Cors {

        /**
         * Origins allowed to open streams from a browser, matched exactly against the {@code Origin} header, for
         * example {@code https://app.example.com}. {@code *} allows any origin, but never with credentials. No CORS
         * headers are sent when unset or when the origin is not listed.
         */
        Optional<List<String>> origins();

        /**
         * Whether cross-origin requests from the listed origins may carry credentials (cookies, HTTP authentication):
         * {@code Access-Control-Allow-Credentials: true}. Not sent to origins allowed only by {@code *}.
         */
        @WithDefault("false")
        boolean credentials();

        /**
         * Request headers allowed in addition to {@code Last-Event-ID}, {@code Cache-Control} and {@code Accept}
         * (for example {@code Authorization} for fetch-based clients).
         */
        Optional<List<String>> headers();

        /**
         * How long browsers may cache a preflight answer ({@code Access-Control-Max-Age}).
         */
        @WithDefault("24h")
        Duration maxAge();
    }
}
