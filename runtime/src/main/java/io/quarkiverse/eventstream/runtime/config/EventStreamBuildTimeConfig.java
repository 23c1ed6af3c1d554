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
     * Additional endpoints, each with a path and the channels it streams.
     */
    @ConfigDocMapKey("name")
    @ConfigDocSection
    Map<String, Endpoint> endpoints();

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
