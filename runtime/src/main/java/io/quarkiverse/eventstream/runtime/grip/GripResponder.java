package io.quarkiverse.eventstream.runtime.grip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.eventstream.StreamRequest;
import io.quarkiverse.eventstream.runtime.admission.Admission;
import io.quarkiverse.eventstream.runtime.admission.StreamPlan;
import io.quarkiverse.eventstream.runtime.admission.StreamRefusal;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.stream.StreamError;
import io.quarkiverse.eventstream.runtime.wire.ControlFrames;
import io.quarkiverse.eventstream.runtime.wire.CursorCodec;
import io.quarkiverse.eventstream.runtime.wire.EventFrame;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers stream requests for a GRIP proxy (Pushpin, Fastly Fanout), which then holds the stream: after the same
 * admission as a direct stream, a short response whose body is {@code stream-open} and the replay, and whose
 * {@code Grip-} headers tell the proxy which channels the stream subscribes to, where each stored channel stands
 * ({@code prev-id}), how to write the stream's cursor into each event ({@code id_format}), how to keep it alive, and the
 * signed link it follows to recover: when an event is missing, when a permission changed, when the channels were quiet
 * for {@code grip.recovery-interval}, and to page through a long replay.
 * <p>
 * Blocking (admission and store reads); thread-safe.
 */
@Singleton
public class GripResponder {

    private static final Logger LOG = Logger.getLogger(GripResponder.class);

    private final GripSettings settings;
    private final GripLinks links;
    private final Admission admission;
    private final CoalescedReads reads;
    private final GripPublisher publisher;
    private final String preamble;
    private final String keepAlive;
    private final int pageSize;
    private final EventStreamMetrics metrics;

    @Inject
    public GripResponder(EventStreamRuntimeConfig config, Admission admission, CoalescedReads reads,
            GripPublisher publisher, EventStreamMetrics metrics) {
        this.metrics = metrics;
        this.settings = publisher.settings();
        this.links = settings.linkSecret() == null ? null : new GripLinks(settings.linkSecret());
        this.admission = admission;
        this.reads = reads;
        this.publisher = publisher;
        this.preamble = ControlFrames.preamble(config.padding(), config.retry().map(Duration::toMillis).orElse(-1L));
        this.keepAlive = keepAlive(config.keepAlive());
        this.pageSize = config.replay().pageSize();
    }

    /**
     * The answer to a request for a proxy: a status, headers and a complete body.
     */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
    }

    /**
     * @return whether requests may be answered for a proxy ({@code grip.verify-key} is set)
     */
    public boolean answersProxies() {
        return settings.answersProxies();
    }

    /**
     * @return whether {@code request} comes from a proxy: its {@code Grip-Sig} verifies with {@code grip.verify-key},
     *         carries an expiry still to come, and the issuer {@code grip.verify-issuer} when that is set
     */
    public boolean proxied(HttpServerRequest request) {
        if (!settings.answersProxies()) {
            return false;
        }
        String signature = request.getHeader("Grip-Sig");
        if (signature == null) {
            return false;
        }
        try {
            JsonNode claims = Jwt.verify(signature.trim(), settings.verifyKey(), settings.issuer(), Instant.now());
            if (!claims.has("exp")) {
                LOG.debug("A Grip-Sig without exp; answering with a direct stream");
                return false;
            }
            return true;
        } catch (Jwt.InvalidTokenException e) {
            LOG.debugf("A Grip-Sig that does not verify (%s); answering with a direct stream", e.getMessage());
            return false;
        }
    }

    /**
     * The first answer to a proxied stream request that {@link Admission} admitted: {@code stream-open}, the replay,
     * and the hold.
     *
     * @param path the request's path, which the recovery link repeats
     * @throws StreamRefusal {@code STORE_UNAVAILABLE} when the replay cannot be read, answered as for a direct stream
     */
    public Answer open(StreamPlan plan, String path) {
        Answer answer;
        try {
            answer = hold(plan, path, true, plan.expiry());
        } catch (RuntimeException e) {
            throw new StreamRefusal(StreamRefusal.Reason.STORE_UNAVAILABLE,
                    "The event store cannot be read right now; reconnect", List.copyOf(plan.channels()),
                    plan.corsHeaders(), e);
        }
        if (plan.principal() != null && plan.expiry() != null) {
            publisher.expireAt(plan.principal(), plan.expiry());
        }
        return answer;
    }

    /**
     * Answers a proxy following a recovery link: the link's identity and channels are admitted again, from the
     * positions the proxy reports ({@code Grip-Last}) or the cursor of a paged replay.
     *
     * @param token the link's {@code es-link} parameter
     * @param cursor its {@code es-cursor} parameter, or {@code null}
     * @param lastIds the request's {@code Grip-Last} headers
     */
    public Answer recover(String path, String token, String cursor, List<String> lastIds) {
        metrics.gripRecovery();
        GripLinks.Link link;
        try {
            link = links.read(token);
        } catch (GripLinks.InvalidLinkException e) {
            // signed by the proxy, but not with this application's link key (rotated?): end the stream, the client
            // reconnects with its own Last-Event-ID and credentials
            LOG.debugf("A recovery link that does not verify (%s); ending the held stream", e.getMessage());
            return end("");
        }
        if (link.expiry() != null && !Instant.now().isBefore(link.expiry())) {
            return end(StreamError.expired(link.channels()).frame().toString(StandardCharsets.UTF_8));
        }
        String lastEventId = cursor != null ? cursor : lastEventId(link, lastIds);
        StreamPlan plan;
        try {
            plan = admission.admit(new LinkRequest(link.identity(), lastEventId), link.channels());
        } catch (StreamRefusal refusal) {
            return switch (refusal.reason()) {
                case UNAUTHORIZED, FORBIDDEN -> end(
                        StreamError.forbidden(refusal.channels()).frame().toString(StandardCharsets.UTF_8));
                case STORE_UNAVAILABLE -> storeUnavailable();
                default -> {
                    LOG.debugf("A recovery link refused (%s); ending the held stream", refusal.getMessage());
                    yield end("");
                }
            };
        }
        try {
            return hold(plan, path, false, link.expiry());
        } catch (RuntimeException e) {
            LOG.debugf("Reading the replay of a recovery link failed (%s); the proxy asks again", e.toString());
            return storeUnavailable();
        }
    }

    private static Answer storeUnavailable() {
        // the proxy asks again, five times, then ends the stream: the client reconnects and resumes
        return new Answer(503, Map.of("Content-Type", List.of("text/plain")), "The event store cannot be read right now\n");
    }

    /** Positions reported by the proxy, as a cursor of the link's epoch; {@code null} when it reports none. */
    private String lastEventId(GripLinks.Link link, List<String> lastIds) {
        Map<String, Long> reported = new LinkedHashMap<>();
        for (String header : lastIds) {
            for (String entry : header.split(",")) {
                String[] parts = entry.split(";");
                String name = parts[0].trim();
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim();
                    if (parameter.startsWith("last-id=")) {
                        try {
                            reported.put(name, Long.parseLong(parameter.substring("last-id=".length()).trim()));
                        } catch (NumberFormatException e) {
                            // not one of ours
                        }
                    }
                }
            }
        }
        List<String> keys = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (String channel : link.channels()) {
            Long position = reported.get(settings.names().channel(channel));
            if (position != null) {
                keys.add(CursorCodec.key(channel));
                positions.add(position);
            }
        }
        if (keys.isEmpty() || link.epoch().isEmpty()) {
            return null;
        }
        return CursorCodec.encode(link.epoch(), keys.toArray(String[]::new),
                positions.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * @param expiry when the credentials of the request that opened the stream expire, or {@code null}
     */
    private Answer hold(StreamPlan plan, String path, boolean opening, Instant expiry) {
        List<String> stored = plan.storedChannels();
        String[] keys = stored.stream().map(CursorCodec::key).toArray(String[]::new);
        long[] positions = plan.positions();
        long[] targets = plan.storePositions();
        StringBuilder body = new StringBuilder();
        if (opening) {
            body.append(ControlFrames.opening(preamble, plan.cursor(), plan.resetChannels()).toString(StandardCharsets.UTF_8));
        } else if (!plan.resetChannels().isEmpty()) {
            body.append(ControlFrames.reset(plan.cursor(), plan.resetChannels()));
        }
        boolean more = false;
        for (int i = 0; i < stored.size(); i++) {
            if (positions[i] >= targets[i]) {
                continue;
            }
            List<EventFrame> page = read(stored.get(i), positions[i]);
            for (EventFrame event : page) {
                if (event.position() > positions[i]) {
                    positions[i] = event.position();
                    body.append(ControlFrames.idLine(CursorCodec.encode(plan.epoch(), keys, positions)))
                            .append(event.body().toString(StandardCharsets.UTF_8));
                }
            }
            more |= page.size() >= pageSize && positions[i] < targets[i];
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("text/event-stream"));
        headers.put("Cache-Control", List.of("no-cache"));
        // the proxy passes the first answer's headers on to the client: as on a direct stream, no buffering proxy
        // (nginx) in front of it should hold the events back
        headers.put("X-Accel-Buffering", List.of("no"));
        plan.corsHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        String token = links.token(plan, expiry);
        if (more) {
            // no hold: the proxy follows the link at once, for the next page
            String next = CursorCodec.encode(plan.epoch(), keys, positions);
            headers.put("Grip-Link", List.of("<" + GripLinks.uri(path, token, next) + ">; rel=next"));
        } else {
            holdHeaders(plan, positions, headers);
            headers.put("Grip-Link", List.of("<" + GripLinks.uri(path, token, null) + ">; rel=next; timeout="
                    + linkTimeout(expiry)));
        }
        // the proxy's build-id filter reads the body too: a literal % is %%
        String text = stored.isEmpty() ? body.toString() : body.toString().replace("%", "%%");
        return new Answer(200, headers, text);
    }

    private void holdHeaders(StreamPlan plan, long[] positions, Map<String, List<String>> headers) {
        GripNames names = settings.names();
        List<String> stored = plan.storedChannels();
        List<String> channels = new ArrayList<>();
        StringBuilder idFormat = new StringBuilder(plan.epoch());
        for (String channel : plan.channels()) {
            int index = stored.indexOf(channel);
            String name = names.channel(channel);
            if (index < 0) {
                channels.add(name);
            } else {
                channels.add(name + "; prev-id=" + positions[index] + "; filter=build-id");
            }
        }
        for (String channel : stored) {
            idFormat.append('.').append(CursorCodec.key(channel)).append("~%(").append(names.channel(channel))
                    .append(")s");
        }
        // where the application reaches this identity's held streams: revocation, expiry
        channels.add(names.identity(plan.principal()) + "; filter=require-sub");
        headers.put("Grip-Hold", List.of("stream"));
        headers.put("Grip-Channel", channels);
        if (!stored.isEmpty()) {
            headers.put("Grip-Set-Meta", List.of("id_format=\"" + idFormat + "\""));
        }
        if (keepAlive != null) {
            headers.put("Grip-Keep-Alive", List.of(keepAlive));
        }
    }

    /** The recovery interval, or less when the credentials expire sooner; whole seconds, at least one. */
    private long linkTimeout(Instant expiry) {
        long seconds = settings.recoveryInterval().toSeconds();
        if (expiry != null) {
            seconds = Math.min(seconds, Duration.between(Instant.now(), expiry).toSeconds() + 1);
        }
        return Math.max(1, seconds);
    }

    private List<EventFrame> read(String channel, long after) {
        try {
            return reads.readAfter(channel, after, pageSize).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static Answer end(String body) {
        // no Grip-Hold and no link: the proxy writes the body, then ends the client's stream
        return new Answer(200, Map.of("Content-Type", List.of("text/event-stream")), body);
    }

    private static String keepAlive(EventStreamRuntimeConfig.KeepAlive config) {
        if (config.interval().isZero()) {
            return null;
        }
        byte[] frame = ControlFrames.keepAlive(config.mode() == EventStreamRuntimeConfig.KeepAliveMode.EVENT)
                .getBytes();
        return Base64.getEncoder().encodeToString(frame) + "; format=base64; timeout="
                + Math.max(1, config.interval().toSeconds());
    }

    /** A recovery link, as {@link Admission} reads requests: its identity, and the cursor to resume from. */
    private record LinkRequest(SecurityIdentity identity, String lastEventId) implements StreamRequest {

        @Override
        public Optional<String> endpoint() {
            return Optional.empty();
        }

        @Override
        public List<String> endpointChannels() {
            return List.of();
        }

        @Override
        public Map<String, String> pathParameters() {
            return Map.of();
        }

        @Override
        public List<String> queryParameters(String name) {
            return List.of();
        }

        @Override
        public Optional<String> header(String name) {
            return "Last-Event-ID".equalsIgnoreCase(name) ? Optional.ofNullable(lastEventId) : Optional.empty();
        }
    }
}
