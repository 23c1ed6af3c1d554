package io.quarkiverse.eventstream.runtime.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Event stream configuration fixed at build time: the endpoints.
 */
@ConfigMapping(prefix = "quarkus.eventstream")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface EventStreamBuildTimeConfig {

    /**
     * Path of the built-in endpoint. It serves {@code GET <path>/{channel}} (one channel named in the path) and
     * {@code GET <path>?channel=a&channel=b} (channels chosen by the client). Relative to the Quarkus REST root path.
     */
    @WithDefault("/events")
    String path();

    /**
     * Whether the built-in endpoint at {@code quarkus.eventstream.path} is registered. Turn it off when only
     * configured endpoints or the application's own resources should stream.
     */
    @WithDefault("true")
    boolean builtInEndpoint();

    /**
     * Event storage.
     */
    @ConfigDocSection
    Store store();

    /**
     * Delivery across instances.
     */
    @ConfigDocSection
    Bus bus();

    /**
     * The readiness check, with {@code quarkus-smallrye-health}.
     */
    @ConfigDocSection
    Health health();

    /**
     * Additional endpoints, each with a path and the channels it streams.
     */
    @ConfigDocMapKey("name")
    @ConfigDocSection
    Map<String, Endpoint> endpoints();

    /**
     * Micrometer metrics.
     */
    @ConfigDocSection
    Metrics metrics();

    /**
     * The browser client.
     */
    @ConfigDocSection
    Client client();

    /**
     * The browser client {@code EventStream}, an ES module served by the application.
     */
    interface Client {

        /**
         * Whether the browser client is served at {@code quarkus.eventstream.client.path}. Turn it off when the pages
         * bundle their own copy of the client, or use another one.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Path of the browser client module, relative to the HTTP root path ({@code quarkus.http.root-path}). Pages
         * import the module from this path, for example {@code /eventstream/client.js}. When the path ends with
         * {@code .js}, its TypeScript declarations are served beside it, at the same path ending with {@code .d.ts}.
         * Must start with {@code /} and must not be a path that an event stream endpoint serves.
         */
        @WithDefault("/eventstream/client.js")
        String path();
    }

    /**
     * The {@code eventstream.*} meters, registered when the application has {@code quarkus-micrometer}.
     */
    interface Metrics {

        /**
         * Whether the extension registers its meters when the application has {@code quarkus-micrometer}. Without
         * Micrometer nothing is registered whatever this says.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Whether the timers ({@code eventstream.publish.latency}, {@code eventstream.delivery.lag},
         * {@code eventstream.store.append}) publish percentile histograms (Prometheus {@code _bucket} series). Off:
         * count, sum and max only.
         */
        @WithDefault("false")
        boolean histograms();
    }

    /**
     * The readiness check {@code eventstream}.
     */
    interface Health {

        /**
         * Whether the readiness check {@code eventstream} is registered when the application has
         * {@code quarkus-smallrye-health}. It reports the store, the bus between instances and the GRIP proxies under
         * {@code /q/health/ready}.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /**
     * Where events of reliable channels are kept for replay.
     */
    interface Store {

        /**
         * The event store. An application bean implementing {@code io.quarkiverse.eventstream.spi.EventStore}
         * replaces the built-in one whatever this says.
         */
        @WithParentName
        @WithDefault("memory")
        StoreKind kind();

        /**
         * The Hibernate ORM persistence unit that holds the events table, with the {@code hibernate-orm} store.
         */
        @io.quarkus.runtime.annotations.ConfigDocDefault("the default persistence unit")
        Optional<String> persistenceUnit();

        /**
         * The {@code redis} store.
         */
        RedisClient redis();
    }

    /**
     * The built-in event stores.
     */
    enum StoreKind {
        /**
         * Events kept in memory, bounded per channel and by age: recovery within one instance's life, no setup.
         */
        MEMORY,
        /**
         * Events persisted with Hibernate ORM in the application's datasource; needs {@code quarkus-hibernate-orm}.
         */
        HIBERNATE_ORM,
        /**
         * Events kept in Redis through the default Redis client of {@code quarkus-redis-client} (or the one named by
         * {@code quarkus.eventstream.store.redis.client-name}), shared by every instance.
         */
        REDIS,
        /**
         * Nothing kept: events carry no ids and are never replayed.
         */
        NONE
    }

    /**
     * How events published on one instance reach the streams of the others.
     */
    interface Bus {

        /**
         * The bus that carries events and permission changes between instances. With a bus, every instance must use
         * one shared store ({@code hibernate-orm} on one database, {@code redis}, or the application's own); the
         * store stays the truth and the bus a hint: what the bus drops is read back from the store.
         */
        @WithParentName
        @WithDefault("none")
        BusKind kind();

        /**
         * The {@code redis} bus.
         */
        RedisClient redis();
    }

    /**
     * Which client of {@code quarkus-redis-client} to use.
     */
    interface RedisClient {

        /**
         * The name of the Redis client, as in {@code quarkus.redis."<name>".hosts}.
         */
        @io.quarkus.runtime.annotations.ConfigDocDefault("the default Redis client")
        Optional<String> clientName();
    }

    /**
     * The built-in buses.
     */
    enum BusKind {
        /**
         * No bus: an event reaches only the streams of the instance that published it.
         */
        NONE,
        /**
         * PostgreSQL {@code LISTEN/NOTIFY} through the Vert.x reactive PostgreSQL client; needs
         * {@code quarkus-reactive-pg-client}.
         */
        POSTGRES,
        /**
         * Redis pub/sub through {@code quarkus-redis-client}.
         */
        REDIS
    }

    /**
     * An endpoint bound to channels computed from its path.
     */
    interface Endpoint {

        /**
         * Path of the endpoint, relative to the Quarkus REST root path. May contain {@code {param}} templates, for
         * example {@code /rooms/{room}/events}.
         */
        String path();

        /**
         * Channels the endpoint streams: fixed names, or templates over the path parameters such as
         * {@code room-{room}}. Query parameters never add channels on a configured endpoint.
         */
        @io.quarkus.runtime.annotations.ConfigDocDefault("the `{channel}` path parameter")
        Optional<List<String>> channels();
    }
}
