package io.quarkiverse.eventstream.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.quarkiverse.eventstream.runtime.grip.GripSettings;

/**
 * Checks of the run-time configuration, made at startup so that a bad value stops the application with the property's
 * name instead of being clamped, ignored, or failing on the first request. Pure functions.
 */
public final class RuntimeConfigValidation {

    private static final String PREFIX = "quarkus.eventstream.";
    // what browsers send in Origin: scheme://host[:port], nothing after
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s]+");
    // an HTTP header name (RFC 9110 token)
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_PADDING = 64 * 1024;

    private RuntimeConfigValidation() {
    }

    /**
     * @return every problem found, each naming its property; empty when the configuration is valid
     */
    public static List<String> problems(EventStreamRuntimeConfig config) {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "max-channels", config.maxChannels(), 1);
        config.maxStreamsPerIdentity().ifPresent(max -> atLeast(problems, "max-streams-per-identity", max, 1));
        atLeast(problems, "max-queued-events", config.maxQueuedEvents(), 1);
        config.retry().ifPresent(retry -> notNegative(problems, "retry", retry));
        if (config.padding() < 0 || config.padding() > MAX_PADDING) {
            problems.add(PREFIX + "padding must be between 0 and " + MAX_PADDING + ": " + config.padding());
        }
        atLeast(problems, "replay.page-size", config.replay().pageSize(), 1);
        atLeast(problems, "replay.cache-size", config.replay().cacheSize(), 0);
        atLeast(problems, "replay.cache-channels", config.replay().cacheChannels(), 1);
        positive(problems, "retention.max-age", config.retention().maxAge());
        config.retention().purgeInterval().ifPresent(interval -> positive(problems, "retention.purge-interval", interval));
        atLeast(problems, "retention.purge-batch-size", config.retention().purgeBatchSize(), 1);
        atLeast(problems, "store.read-threads", config.store().readThreads(), 1);
        positive(problems, "health.store-timeout", config.health().storeTimeout());
        atLeast(problems, "store.memory.max-events-per-channel", config.store().memory().maxEventsPerChannel(), 1);
        String keyPrefix = config.store().redis().keyPrefix();
        if (keyPrefix.isBlank() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            // the prefix becomes the Redis Cluster hash tag {prefix}: braces inside would change the slot
            problems.add(PREFIX + "store.redis.key-prefix must not be blank nor contain braces: '" + keyPrefix + "'");
        }
        notNegative(problems, "keep-alive.interval", config.keepAlive().interval());
        notNegative(problems, "cors.max-age", config.cors().maxAge());
        for (String origin : config.cors().origins().orElse(List.of())) {
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                problems.add(PREFIX + "cors.origins entry '" + origin + "' is not an origin: write scheme://host[:port]"
                        + " with no path and no trailing slash (https://app.example.com), or *");
            }
        }
        for (String header : config.cors().headers().orElse(List.of())) {
            if (!HEADER_NAME.matcher(header).matches()) {
                problems.add(PREFIX + "cors.headers entry '" + header + "' is not a header name");
            }
        }
        problems.addAll(GripSettings.problems(config.grip()));
        return problems;
    }

    private static void atLeast(List<String> problems, String property, int value, int min) {
        if (value < min) {
            problems.add(PREFIX + property + " must be at least " + min + ": " + value);
        }
    }

    private static void positive(List<String> problems, String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(PREFIX + property + " must be longer than zero: " + value);
        }
    }

    private static void notNegative(List<String> problems, String property, Duration value) {
        if (value.isNegative()) {
            problems.add(PREFIX + property + " must not be negative: " + value);
        }
    }
}
