package io.quarkiverse.eventstream.runtime.admission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;

/**
 * Which CORS headers a request gets: origins matched exactly, {@code Vary: Origin}, credentials and preflight
 * answers as the documentation's CORS page describes. Immutable, thread-safe.
 */
final class CorsPolicy {

    private static final List<String> ALWAYS_ALLOWED_HEADERS = List.of("Last-Event-ID", "Cache-Control", "Accept");

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final boolean credentials;
    private final String allowHeaders;
    private final String maxAge;

    CorsPolicy(EventStreamRuntimeConfig.Cors config) {
        List<String> configured = config.origins().orElse(List.of());
        this.anyOrigin = configured.contains("*");
        this.origins = Set.copyOf(configured);
        this.credentials = config.credentials();
        List<String> headers = new ArrayList<>(ALWAYS_ALLOWED_HEADERS);
        config.headers().ifPresent(headers::addAll);
        this.allowHeaders = String.join(", ", headers);
        this.maxAge = Long.toString(config.maxAge().toSeconds());
    }

    /**
     * @param origin the request's {@code Origin} header, may be {@code null}
     * @return the headers for a response to a simple (non-preflight) request; empty when the origin is not allowed
     */
    Map<String, String> responseHeaders(String origin) {
        if (!allows(origin)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origin);
        headers.put("Vary", "Origin");
        // "*" never lends the visitor's cookies to any site: credentials only for listed origins
        if (credentials && origins.contains(origin)) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        return headers;
    }

    /**
     * @param origin the request's {@code Origin} header, may be {@code null}
     * @return the headers for a preflight answer; empty when the origin is not allowed
     */
    Map<String, String> preflightHeaders(String origin) {
        Map<String, String> headers = responseHeaders(origin);
        if (headers.isEmpty()) {
            return headers;
        }
        headers.put("Access-Control-Allow-Methods", "GET");
        headers.put("Access-Control-Allow-Headers", allowHeaders);
        headers.put("Access-Control-Max-Age", maxAge);
        return headers;
    }

    private boolean allows(String origin) {
        return origin != null && !origin.isEmpty() && (anyOrigin || origins.contains(origin));
    }
}
