package io.quarkiverse.eventstream.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.security.CredentialExpiry;
import io.quarkiverse.eventstream.runtime.store.CoalescedReads;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * Opens streams: resolves channels, validates them, checks permissions, writes the head and the opening frames,
 * then hands the stream to the {@link ChannelRegistry}. Used by the built-in endpoints and by applications.
 */
@Singleton
public class EventStreamsImpl implements EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreamsImpl.class);

    // set by Quarkus's OIDC mechanism (not by smallrye-jwt 3.33): epoch seconds at which the credentials expire
    private static final String EXPIRE_TIME_ATTRIBUTE = "quarkus.identity.expire-time";

    private final ChannelManager channelManager;
    private final ChannelRegistry registry;
    private final CurrentVertxRequest currentRequest;
    private final EventStreamBuildTimeConfig buildConfig;
    private final int maxChannels;
    private final OptionalInt maxStreamsPerIdentity;
    private final StreamSettings settings;
    private final KeepAlives keepAlives;
    private final CorsPolicy cors;
    private final EventStore store;
    private final CoalescedReads reads;
    private final CredentialExpiry credentialExpiry;

    @Inject
    EventStreamsImpl(ChannelManager channelManager, ChannelRegistry registry, CurrentVertxRequest currentRequest,
            EventStreamBuildTimeConfig buildConfig, EventStreamRuntimeConfig config, Instance<EventStore> store,
            Instance<CredentialExpiry> credentialExpiry, CoalescedReads reads) {
        this.credentialExpiry = credentialExpiry.isResolvable() ? credentialExpiry.get() : null;
        this.store = store.isResolvable() ? store.get() : null;
        this.reads = this.store == null ? null : reads;
        this.channelManager = channelManager;
        this.registry = registry;
        this.currentRequest = currentRequest;
        this.buildConfig = buildConfig;
        this.maxChannels = config.maxChannels();
        this.maxStreamsPerIdentity = config.maxStreamsPerIdentity();
        this.settings = StreamSettings.of(config);
        this.keepAlives = new KeepAlives(settings.keepAliveMillis());
        this.cors = new CorsPolicy(config.cors());
    }

    @Override
    public void stream(SseEventSink sink, Collection<String> channels) {
        RoutingContext rc = routingContext();
        open(rc, sink, new LinkedHashSet<>(channels), identity(rc));
    }

    @Override
    public int subscribers(String channel) {
        return registry.subscribers(channel);
    }

    @Override
    public int openStreams() {
        return registry.openStreams();
    }

    /**
     * Opens a stream for an endpoint of the extension: the {@link ChannelManager} picks the channels.
     *
     * @param endpoint the configured endpoint's name, or {@code null} for the built-in endpoint
     */
    public void openEndpoint(String endpoint, Map<String, String> pathParameters, SseEventSink sink) {
        RoutingContext rc = routingContext();
        SecurityIdentity identity = identity(rc);
        List<String> endpointChannels = endpoint == null ? List.of() : endpointChannels(endpoint, pathParameters);
        StreamRequestImpl request = new StreamRequestImpl(rc, Optional.ofNullable(endpoint), endpointChannels,
                pathParameters, identity);
        Set<String> channels = channelManager.channelsForRequest(request);
        open(rc, sink, channels == null ? Set.of() : new LinkedHashSet<>(channels), identity);
    }

    /**
     * Answers a CORS preflight request.
     */
    public Response preflight() {
        Response.ResponseBuilder response = Response.noContent();
        cors.preflightHeaders(routingContext().request().getHeader("Origin")).forEach(response::header);
        return response.build();
    }

    private void open(RoutingContext rc, SseEventSink sink, Set<String> channels, SecurityIdentity identity) {
        Map<String, String> corsHeaders = cors.responseHeaders(rc.request().getHeader("Origin"));
        if (channels.isEmpty()) {
            throw refuse(400, "no-channel", "No channel requested", List.of(), corsHeaders);
        }
        if (channels.size() > maxChannels) {
            throw refuse(400, "too-many-channels", channels.size() + " channels requested, at most " + maxChannels
                    + " allowed (quarkus.eventstream.max-channels)", List.of(), corsHeaders);
        }
        for (String channel : channels) {
            String problem = ChannelNames.problem(channel);
            if (problem != null) {
                throw refuse(400, "invalid-channel", "Invalid channel name: " + problem,
                        channel == null ? List.of() : List.of(channel), corsHeaders);
            }
        }
        List<String> denied = new ArrayList<>();
        for (String channel : channels) {
            if (!channelManager.canRead(identity, channel)) {
                denied.add(channel);
            }
        }
        if (!denied.isEmpty()) {
            boolean anonymous = identity.isAnonymous();
            throw refuse(anonymous ? 401 : 403, anonymous ? "unauthorized" : "forbidden",
                    "Not allowed to read " + String.join(", ", denied), denied, corsHeaders);
        }

        List<String> stored = new ArrayList<>();
        if (store != null) {
            for (String channel : channels) {
                if (channelManager.isReliable(channel)) {
                    stored.add(channel);
                }
            }
        }
        CursorCodec.Parsed requested = null;
        String lastEventId = lastEventId(rc);
        if (lastEventId != null && !stored.isEmpty()) {
            try {
                requested = CursorCodec.parse(lastEventId, stored);
            } catch (CursorCodec.InvalidCursorException e) {
                throw refuse(400, "invalid-cursor", "Invalid Last-Event-ID: " + e.getMessage(), List.of(),
                        corsHeaders);
            }
        }

        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        Context context = ((HttpServerRequestInternal) request).context();
        Set<String> subscribed = Collections.unmodifiableSet(new LinkedHashSet<>(channels));
        StreamCursor cursor = new StreamCursor(store == null ? "" : store.epoch(), stored, new long[stored.size()]);
        if (maxStreamsPerIdentity.isPresent() && !registry.reserveStream(identity, maxStreamsPerIdentity.getAsInt())) {
            throw refuse(429, "too-many-streams", "At most " + maxStreamsPerIdentity.getAsInt()
                    + " open streams per identity (quarkus.eventstream.max-streams-per-identity)", List.of(), corsHeaders);
        }
        // from here on the reserved place is given back by registry.remove, whatever happens
        Subscription subscription = new Subscription(subscribed, identity, response, sink, context, settings, cursor,
                reads, keepAlives, registry::remove);
        // registered before reading positions: a live event is then either read from the store or queued, or both
        registry.add(subscription);
        rc.addEndHandler(ended -> subscription.terminate());
        List<String> reset = new ArrayList<>();
        boolean replay;
        long[] targets = new long[cursor.size()];
        try {
            replay = position(cursor, requested, reset, targets);
        } catch (RuntimeException e) {
            subscription.terminate();
            throw e;
        }

        response.setStatusCode(200);
        response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
        response.putHeader("Cache-Control", "no-cache");
        response.putHeader("X-Accel-Buffering", "no");
        corsHeaders.forEach(response::putHeader);
        response.setChunked(true);
        try {
            // writing here, before the resource method returns, keeps Quarkus REST from writing its own head
            response.write(settings.openingFrames(cursor.id(), reset));
        } catch (IllegalStateException e) {
            LOG.debug("The client went away before its stream opened", e);
            subscription.terminate();
            return;
        }
        subscription.start(replay, targets, expiry(identity));
        LOG.debugf("Stream opened on %s", subscribed);
    }

    /**
     * Sets where each stored channel of a new stream starts: at the client's cursor when the store still holds what
     * follows it, else at the current position (a reset for channels the cursor named).
     *
     * @param targets receives, per stored channel, the position the store had: where a replay ends
     * @return whether some channel must replay from the store
     */
    private boolean position(StreamCursor cursor, CursorCodec.Parsed requested, List<String> reset, long[] targets) {
        boolean replay = false;
        boolean sameEpoch = requested != null && (requested.epoch() == null || requested.epoch().equals(store.epoch()));
        // asked for all channels at once: concurrent opens of the same channels share the queries
        List<CompletableFuture<Long>> currents = new ArrayList<>(cursor.size());
        for (int i = 0; i < cursor.size(); i++) {
            currents.add(reads.currentPosition(cursor.channel(i)));
        }
        for (int i = 0; i < cursor.size(); i++) {
            String channel = cursor.channel(i);
            long current = join(currents.get(i));
            targets[i] = current;
            Long asked = requested == null ? null : requested.positions().get(channel);
            if (asked == null || sameEpoch && asked == current) {
                cursor.advance(i, current);
                continue;
            }
            long oldest = sameEpoch && asked < current ? join(reads.oldestPosition(channel)) : 0;
            if (oldest > 0 && asked >= oldest - 1) {
                cursor.advance(i, asked);
                replay = true;
            } else {
                // purged, from another epoch, or ahead of the store
                cursor.advance(i, current);
                reset.add(channel);
            }
        }
        return replay;
    }

    private static long join(CompletableFuture<Long> position) {
        try {
            return position.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * @return when the identity's credentials expire (a JWT {@code exp}, an OIDC session), or {@code null}
     */
    private Instant expiry(SecurityIdentity identity) {
        Object expireTime = identity.getAttribute(EXPIRE_TIME_ATTRIBUTE);
        if (expireTime instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return credentialExpiry == null || identity.isAnonymous() ? null : credentialExpiry.expiry(identity);
    }

    private static String lastEventId(RoutingContext rc) {
        String header = rc.request().getHeader("Last-Event-ID");
        if (header != null && !header.isEmpty()) {
            return header;
        }
        List<String> query = rc.queryParam("lastEventId");
        for (int i = query.size() - 1; i >= 0; i--) {
            if (!query.get(i).isEmpty()) {
                return query.get(i);
            }
        }
        return null;
    }

    private List<String> endpointChannels(String endpoint, Map<String, String> pathParameters) {
        EventStreamBuildTimeConfig.Endpoint config = buildConfig.endpoints().get(endpoint);
        if (config == null) {
            throw new IllegalStateException("Unknown event stream endpoint " + endpoint);
        }
        List<String> templates = config.channels().orElse(List.of());
        List<String> channels = new ArrayList<>(templates.size());
        for (String template : templates) {
            channels.add(PathTemplates.expand(template, pathParameters));
        }
        return channels;
    }

    private RoutingContext routingContext() {
        RoutingContext rc = currentRequest.getCurrent();
        if (rc == null) {
            throw new IllegalStateException("EventStreams.stream must be called from a Quarkus REST resource method");
        }
        return rc;
    }

    private static SecurityIdentity identity(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user) {
            return user.getSecurityIdentity();
        }
        if (Context.isOnEventLoopThread()) {
            return AnonymousIdentity.INSTANCE;
        }
        SecurityIdentity identity = QuarkusHttpUser.getSecurityIdentityBlocking(rc, null);
        return identity != null ? identity : AnonymousIdentity.INSTANCE;
    }

    private static WebApplicationException refuse(int status, String condition, String message,
            Collection<String> channels, Map<String, String> corsHeaders) {
        LOG.debugf("Stream refused (%d %s): %s", status, condition, message);
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBodies.httpError(condition, message, channels));
        corsHeaders.forEach(response::header);
        return new WebApplicationException(message, response.build());
    }
}
