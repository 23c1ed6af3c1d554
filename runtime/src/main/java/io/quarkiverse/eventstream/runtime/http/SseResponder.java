package io.quarkiverse.eventstream.runtime.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.quarkiverse.eventstream.runtime.admission.Admission;
import io.quarkiverse.eventstream.runtime.admission.AnonymousIdentity;
import io.quarkiverse.eventstream.runtime.admission.PathTemplates;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.admission.StreamRefusal;
import io.quarkiverse.eventstream.runtime.admission.StreamRequestImpl;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.fanout.LocalDelivery;
import io.quarkiverse.eventstream.runtime.fanout.StreamIndex;
import io.quarkiverse.eventstream.runtime.fanout.StreamQuota;
import io.quarkiverse.eventstream.runtime.grip.GripResponder;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.stream.KeepAlives;
import io.quarkiverse.eventstream.runtime.stream.Stream;
import io.quarkiverse.eventstream.runtime.stream.StreamError;
import io.quarkiverse.eventstream.runtime.stream.StreamSettings;
import io.quarkiverse.eventstream.runtime.tracing.EventTracing;
import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.quarkiverse.eventstream.runtime.wire.ErrorBodies;
import io.quarkiverse.eventstream.runtime.wire.SseEncoder;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers stream requests with a direct event stream: admits the request ({@link Admission}), maps every refusal to
 * its HTTP answer, writes the head, and hands the {@link Stream} to its connection's event loop, where it joins the
 * {@link StreamIndex} and starts. Called on a worker thread by the endpoints of the extension and by
 * {@code EventStreams.stream}, from the JAX-RS resource method that received the sink.
 */
@Singleton
public class SseResponder {

    private static final Logger LOG = Logger.getLogger(SseResponder.class);

    /** The reconnection delay suggested after a store failure when {@code quarkus.eventstream.retry} is not set. */
    private static final long DEFAULT_RETRY_MILLIS = 3_000;
    /** How long the authentication mechanism may take to name its challenge. */
    private static final Duration CHALLENGE_TIMEOUT = Duration.ofSeconds(5);

    private final Admission admission;
    private final StreamQuota quota;
    private final StreamIndex index;
    private final LocalDelivery delivery;
    private final CurrentVertxRequest currentRequest;
    private final EventStreamBuildTimeConfig buildConfig;
    private final Stream.Shared shared;
    private final GripResponder grip;
    private final EventStreamMetrics metrics;
    private final long retryMillis;
    private final int padding;
    @Inject
    EventTracing tracing;

    @Inject
    public SseResponder(Admission admission, StreamQuota quota, StreamIndex index, LocalDelivery delivery,
            CoalescedReads reads, CurrentVertxRequest currentRequest, EventStreamBuildTimeConfig buildConfig,
            EventStreamRuntimeConfig config, GripResponder grip, EventStreamMetrics metrics) {
        this.admission = admission;
        this.grip = grip;
        this.metrics = metrics;
        this.quota = quota;
        this.index = index;
        this.delivery = delivery;
        this.currentRequest = currentRequest;
        this.buildConfig = buildConfig;
        StreamSettings settings = StreamSettings.of(config);
        this.shared = new Stream.Shared(settings, reads, new KeepAlives(settings.keepAliveNanos()), metrics);
        this.retryMillis = config.retry().map(r -> r.toMillis()).orElse(DEFAULT_RETRY_MILLIS);
        this.padding = config.padding();
    }

    /**
     * Streams the channels the {@code ChannelManager} picks for a request to an endpoint of the extension.
     *
     * @param endpoint the configured endpoint's name, or {@code null} for the built-in endpoint
     */
    public void openEndpoint(String endpoint, Map<String, String> pathParameters, SseEventSink sink) {
        RoutingContext rc = routingContext();
        List<String> endpointChannels = endpoint == null ? List.of() : endpointChannels(endpoint, pathParameters);
        StreamRequestImpl request = new StreamRequestImpl(rc, Optional.ofNullable(endpoint), endpointChannels,
                pathParameters, identity(rc));
        traced(endpoint == null ? EventStreamMetrics.BUILT_IN_ENDPOINT : endpoint, rc, sink, request,
                admission::admit);
    }

    /**
     * Streams {@code channels}, chosen by an application resource.
     */
    public void open(SseEventSink sink, Collection<String> channels) {
        RoutingContext rc = routingContext();
        StreamRequestImpl request = new StreamRequestImpl(rc, Optional.empty(), List.of(), Map.of(), identity(rc));
        traced(EventStreamMetrics.APPLICATION_ENDPOINT, rc, sink, request, r -> admission.admit(r, channels));
    }

    /**
     * Answers a CORS preflight request.
     */
    public Response preflight() {
        Response.ResponseBuilder response = Response.noContent();
        admission.preflightHeaders(routingContext().request().getHeader("Origin")).forEach(response::header);
        return response.build();
    }

    private void traced(String endpoint, RoutingContext rc, SseEventSink sink, StreamRequestImpl request,
            Function<StreamRequestImpl, StreamPlan> admit) {
        EventTracing.Opening span = tracing.opening(endpoint);
        try {
            respond(rc, sink, request, admit, endpoint, span);
        } catch (WebApplicationException e) {
            span.refused(e.getResponse().getStatus());
            throw e;
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void respond(RoutingContext rc, SseEventSink sink, StreamRequestImpl request,
            Function<StreamRequestImpl, StreamPlan> admit, String endpoint, EventTracing.Opening span) {
        StreamPlan plan;
        try {
            plan = admit.apply(request);
        } catch (StreamRefusal refusal) {
            throw answer(rc, refusal);
        }
        span.admitted(plan.channels());
        if (!quota.reserve(plan)) {
            throw answer(rc, new StreamRefusal(StreamRefusal.Reason.TOO_MANY_STREAMS, quota.refusal(), List.of(),
                    plan.corsHeaders(), null));
        }
        if (grip.proxied(rc.request())) {
            // the proxy holds the stream: this instance keeps nothing open for it
            quota.release(plan);
            GripResponder.Answer hold;
            try {
                hold = grip.open(plan, rc.request().path());
            } catch (StreamRefusal refusal) {
                throw answer(rc, refusal);
            }
            span.held();
            throw new WebApplicationException(gripAnswer(hold));
        }
        HttpServerResponse response = rc.response();
        EventLoop loop;
        try {
            loop = ConnectionAdapter.eventLoop(rc.request());
            ConnectionAdapter.writeHead(response, plan.corsHeaders());
        } catch (RuntimeException e) {
            quota.release(plan);
            LOG.debug("The client went away before its stream opened", e);
            return;
        }
        Stream stream = new Stream(plan, response, loop, sink::close, shared, s -> ended(s, endpoint));
        span.opened();
        loop.execute(() -> start(rc, stream, endpoint));
    }

    /** On the stream's loop: joins the index unless the client already left, then opens. */
    private void start(RoutingContext rc, Stream stream, String endpoint) {
        // counted before it opens: however it ends from here on, ended() follows once
        metrics.streamOpened(endpoint);
        rc.addEndHandler(ended -> stream.connectionEnded());
        // from the join on the stream receives live events; those delivered since its plan read the store it reads back
        if (stream.open(() -> join(stream), delivery::delivered)
                && admission.permissionsChangedSince(stream.plan())) {
            // a permission was withdrawn while the stream was admitted: check again, off the loop
            Infrastructure.getDefaultWorkerPool().execute(() -> checkAgain(stream));
        }
    }

    private void join(Stream stream) {
        index.add(stream);
        delivery.joined(stream.plan());
    }

    private void checkAgain(Stream stream) {
        List<String> denied = admission.deniedChannels(stream.plan());
        if (!denied.isEmpty()) {
            LOG.debugf("Permission to read %s withdrawn while a stream opened; ending it", denied);
            stream.end(StreamError.forbidden(denied));
        }
    }

    private void ended(Stream stream, String endpoint) {
        metrics.streamClosed(endpoint);
        index.remove(stream);
        quota.release(stream.plan());
    }

    /**
     * The one place a refusal becomes an HTTP answer: a status and a JSON body, or, for a store that cannot be read, a
     * {@code 200} event stream that ends at once with {@code stream-error}. Either way an exception that Quarkus REST
     * answers with its response, so the request ends the way Quarkus REST expects.
     *
     * @return the exception to throw from the resource method
     */
    private WebApplicationException answer(RoutingContext rc, StreamRefusal refusal) {
        StreamRefusal.Reason reason = refusal.reason();
        metrics.refused(reason.status());
        Response.ResponseBuilder response;
        if (reason == StreamRefusal.Reason.STORE_UNAVAILABLE) {
            LOG.debugf("Stream on %s answered with store-unavailable: %s", refusal.channels(), refusal.getCause());
            response = storeUnavailable(refusal);
        } else {
            LOG.debugf("Stream refused (%d %s): %s", reason.status(), reason.condition(), refusal.getMessage());
            response = Response.status(reason.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBodies.httpError(reason.condition(), refusal.getMessage(), refusal.channels()));
        }
        refusal.corsHeaders().forEach(response::header);
        if (reason == StreamRefusal.Reason.UNAUTHORIZED) {
            challenge(rc).forEach((name, value) -> response.header(name.toString(), value));
        }
        return new WebApplicationException(refusal.getMessage(), response.build());
    }

    /**
     * The challenge of the application's HTTP authentication mechanism, e.g. {@code WWW-Authenticate: basic
     * realm="Quarkus"}, for a {@code 401}: a browser then asks for credentials, as it does for any other protected
     * resource of the application. None when the application has no mechanism, or when its challenge is not a
     * {@code 401} (a redirect to a login form means nothing to an event stream). The mechanisms answer at once; on the
     * event loop, where nothing may wait, there is none.
     */
    private static Map<CharSequence, String> challenge(RoutingContext rc) {
        if (!(rc.get(HttpAuthenticator.class.getName()) instanceof HttpAuthenticator authenticator)
                || Context.isOnEventLoopThread()) {
            return Map.of();
        }
        try {
            ChallengeData challenge = authenticator.getChallenge(rc).await().atMost(CHALLENGE_TIMEOUT);
            if (challenge == null || challenge.status != 401 || challenge.getHeaders() == null) {
                return Map.of();
            }
            return challenge.getHeaders();
        } catch (RuntimeException e) {
            LOG.debug("The authentication mechanism gave no challenge", e);
            return Map.of();
        }
    }

    private static Response gripAnswer(GripResponder.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        answer.headers().forEach((name, values) -> values.forEach(value -> response.header(name, value)));
        return response.build();
    }

    /**
     * A stream that ends at once with {@code stream-error}, so that an {@code EventSource} reconnects; no {@code id:},
     * so it keeps its cursor. The {@code retry:} hint spreads the reconnections of a blip's clients over one to two
     * times the configured delay.
     */
    private Response.ResponseBuilder storeUnavailable(StreamRefusal refusal) {
        long retry = retryMillis + ThreadLocalRandom.current().nextLong(retryMillis + 1);
        String body = ControlFrames.preamble(padding, retry) + SseEncoder.event(null, "stream-error",
                ErrorBodies.streamError(refusal.reason().condition(), refusal.getMessage(), refusal.channels()));
        return Response.ok(body).type(ConnectionAdapter.EVENT_STREAM).header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no");
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
}
