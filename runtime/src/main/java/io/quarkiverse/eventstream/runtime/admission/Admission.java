package io.quarkiverse.eventstream.runtime.admission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkiverse.eventstream.runtime.admission.StreamRefusal.Reason;
import io.quarkiverse.eventstream.runtime.channel.ChannelNames;
import io.quarkiverse.eventstream.runtime.channel.StoredChannels;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.security.CredentialExpiry;
import io.quarkiverse.eventstream.runtime.wire.CursorCodec;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Admits stream requests, in one step: validates the channels, authorizes them ({@link ChannelManager#canRead}),
 * reads the client's cursor, and resolves where each stored channel starts from the store's positions. The result is
 * a {@link StreamPlan}; every refusal is a {@link StreamRefusal}. Whatever answers the request (a direct stream, a
 * proxy's hold response) starts from the same plan.
 * <p>
 * Blocking: the application's {@code ChannelManager} and the store may do I/O. Thread-safe.
 */
@Singleton
public class Admission {

    private final ChannelManager channelManager;
    private final StoredChannels storedChannels;
    private final CoalescedReads reads;
    private final CredentialExpiry credentialExpiry;
    private final CorsPolicy cors;
    private final int maxChannels;
    private final AtomicLong permissionChanges = new AtomicLong();

    @Inject
    public Admission(ChannelManager channelManager, StoredChannels storedChannels, CoalescedReads reads,
            CredentialExpiry credentialExpiry, EventStreamRuntimeConfig config) {
        this.channelManager = channelManager;
        this.storedChannels = storedChannels;
        this.reads = reads;
        this.credentialExpiry = credentialExpiry;
        this.cors = new CorsPolicy(config.cors());
        this.maxChannels = config.maxChannels();
    }

    /**
     * Admits a request to an endpoint of the extension: the {@link ChannelManager} picks the channels.
     *
     * @throws StreamRefusal if the stream cannot be opened
     */
    public StreamPlan admit(StreamRequest request) {
        Set<String> channels = channelManager.channelsForRequest(request);
        return admit(request, channels == null ? Set.of() : channels);
    }

    /**
     * Admits a request for {@code channels}, chosen by the application.
     *
     * @throws StreamRefusal if the stream cannot be opened
     */
    public StreamPlan admit(StreamRequest request, Collection<String> channels) {
        Map<String, String> corsHeaders = cors.responseHeaders(request.header("Origin").orElse(null));
        Set<String> requested = validate(channels, corsHeaders);
        SecurityIdentity identity = request.identity();
        // read before the checks: a permission withdrawn from now on is seen by the stream's responder
        long permissionMark = permissionChanges.get();
        authorize(identity, requested, corsHeaders);
        List<String> stored = storedChannels.storedOf(requested);
        CursorCodec.Parsed cursor = cursor(request, stored, corsHeaders);
        Start start;
        try {
            start = stored.isEmpty() ? new Start("", new long[0], new long[0], List.of())
                    : start(stored, cursor, storedChannels.epoch());
        } catch (RuntimeException e) {
            throw new StreamRefusal(Reason.STORE_UNAVAILABLE, "The event store cannot be read right now; reconnect",
                    List.copyOf(requested), corsHeaders, e);
        }
        return new StreamPlan(identity, requested, stored, start.epoch, start.positions, start.storePositions,
                start.reset, corsHeaders, credentialExpiry.expiry(identity), permissionMark);
    }

    /**
     * @return the headers of the answer to a CORS preflight request from {@code origin}, empty when not allowed
     */
    public Map<String, String> preflightHeaders(String origin) {
        return cors.preflightHeaders(origin);
    }

    /**
     * Counts a permission change, before the streams already open are checked again: a stream admitted while it happens
     * sees it in {@link #permissionsChangedSince(StreamPlan)}.
     */
    public void permissionsChanged() {
        permissionChanges.incrementAndGet();
    }

    /**
     * @return whether a permission changed since {@code plan}'s channels were authorized
     */
    public boolean permissionsChangedSince(StreamPlan plan) {
        return permissionChanges.get() != plan.permissionMark();
    }

    /**
     * @return the channels of {@code plan} its identity may no longer read; blocking
     */
    public List<String> deniedChannels(StreamPlan plan) {
        return denied(plan.identity(), plan.channels());
    }

    /**
     * @return whether {@code identity} may read {@code channel}; blocking
     */
    public boolean mayRead(SecurityIdentity identity, String channel) {
        return channelManager.canRead(identity, channel);
    }

    private Set<String> validate(Collection<String> channels, Map<String, String> corsHeaders) {
        Set<String> requested = new LinkedHashSet<>(channels);
        if (requested.isEmpty()) {
            throw new StreamRefusal(Reason.NO_CHANNEL, "No channel requested", List.of(), corsHeaders, null);
        }
        if (requested.size() > maxChannels) {
            throw new StreamRefusal(Reason.TOO_MANY_CHANNELS, requested.size() + " channels requested, at most "
                    + maxChannels + " allowed (quarkus.eventstream.max-channels)", List.of(), corsHeaders, null);
        }
        for (String channel : requested) {
            String problem = ChannelNames.problem(channel);
            if (problem != null) {
                throw new StreamRefusal(Reason.INVALID_CHANNEL, "Invalid channel name: " + problem,
                        channel == null ? List.of() : List.of(channel), corsHeaders, null);
            }
        }
        return requested;
    }

    private void authorize(SecurityIdentity identity, Set<String> channels, Map<String, String> corsHeaders) {
        List<String> denied = denied(identity, channels);
        if (!denied.isEmpty()) {
            throw new StreamRefusal(identity.isAnonymous() ? Reason.UNAUTHORIZED : Reason.FORBIDDEN,
                    "Not allowed to read " + String.join(", ", denied), denied, corsHeaders, null);
        }
    }

    private List<String> denied(SecurityIdentity identity, Collection<String> channels) {
        List<String> denied = new ArrayList<>();
        for (String channel : channels) {
            if (!channelManager.canRead(identity, channel)) {
                denied.add(channel);
            }
        }
        return denied;
    }

    private static CursorCodec.Parsed cursor(StreamRequest request, List<String> stored,
            Map<String, String> corsHeaders) {
        String lastEventId = lastEventId(request);
        if (lastEventId == null || stored.isEmpty()) {
            // without stored channels there is nothing to resume: the id is ignored
            return null;
        }
        try {
            return CursorCodec.parse(lastEventId, stored);
        } catch (CursorCodec.InvalidCursorException e) {
            throw new StreamRefusal(Reason.INVALID_CURSOR, "Invalid Last-Event-ID: " + e.getMessage(), List.of(),
                    corsHeaders, null);
        }
    }

    /** The header, else the last non-empty {@code lastEventId} query parameter (what polyfills send). */
    private static String lastEventId(StreamRequest request) {
        String header = request.header("Last-Event-ID").orElse("");
        if (!header.isEmpty()) {
            return header;
        }
        List<String> query = request.queryParameters("lastEventId");
        return query.isEmpty() ? null : query.get(query.size() - 1);
    }

    private record Start(String epoch, long[] positions, long[] storePositions, List<String> reset) {
    }

    /**
     * Where each stored channel starts: at the client's cursor when the store still holds what follows it, else at the
     * store's position (a reset for the channels the cursor named).
     */
    private Start start(List<String> stored, CursorCodec.Parsed requested, String epoch) {
        boolean sameEpoch = requested != null && (requested.epoch() == null || requested.epoch().equals(epoch));
        // all channels at once: concurrent opens of the same channels share the queries
        List<CompletableFuture<Long>> currents = new ArrayList<>(stored.size());
        for (String channel : stored) {
            currents.add(reads.currentPosition(channel));
        }
        long[] storePositions = new long[stored.size()];
        long[] positions = new long[stored.size()];
        List<CompletableFuture<Long>> oldest = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            storePositions[i] = join(currents.get(i));
            Long asked = requested == null ? null : requested.positions().get(stored.get(i));
            boolean behind = asked != null && sameEpoch && asked < storePositions[i];
            // only a cursor behind the store may replay: ask how far back the store reaches
            oldest.add(behind ? reads.oldestPosition(stored.get(i)) : null);
        }
        List<String> reset = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            Long asked = requested == null ? null : requested.positions().get(stored.get(i));
            positions[i] = storePositions[i];
            if (asked == null || sameEpoch && asked == storePositions[i]) {
                continue;
            }
            long oldestKept = oldest.get(i) == null ? 0 : join(oldest.get(i));
            if (oldestKept > 0 && asked >= oldestKept - 1) {
                positions[i] = asked;
            } else {
                // purged, from another epoch, or ahead of the store
                reset.add(stored.get(i));
            }
        }
        return new Start(epoch, positions, storePositions, reset);
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
}
