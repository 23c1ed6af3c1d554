package io.quarkiverse.eventstream.runtime.admission;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkiverse.eventstream.runtime.wire.CursorCodec;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What {@link Admission} decided for one stream request: who reads which channels, where each stored channel starts,
 * which channels reset, the CORS headers of the answer and when the credentials expire. Immutable; a responder
 * (the direct SSE one today) turns it into an answer.
 */
public final class StreamPlan {

    private final SecurityIdentity identity;
    private final String principal;
    private final Set<String> channels;
    private final List<String> storedChannels;
    private final String epoch;
    private final long[] positions;
    private final long[] storePositions;
    private final List<String> resetChannels;
    private final Map<String, String> corsHeaders;
    private final Instant expiry;
    private final long permissionMark;

    /**
     * Made by {@link Admission}; see the accessors for the parameters. {@code permissionMark} is
     * {@link Admission}'s count of permission changes before the channels were authorized.
     */
    public StreamPlan(SecurityIdentity identity, Set<String> channels, List<String> storedChannels, String epoch,
            long[] positions, long[] storePositions, List<String> resetChannels, Map<String, String> corsHeaders,
            Instant expiry, long permissionMark) {
        this.identity = identity;
        this.principal = identity.isAnonymous() || identity.getPrincipal() == null ? null
                : identity.getPrincipal().getName();
        // most streams have one channel: a compact set then, else one that keeps the request's order
        this.channels = channels.size() == 1 ? Set.of(channels.iterator().next())
                : Collections.unmodifiableSet(new LinkedHashSet<>(channels));
        this.storedChannels = List.copyOf(storedChannels);
        this.epoch = epoch;
        this.positions = positions.clone();
        this.storePositions = storePositions.clone();
        this.resetChannels = List.copyOf(resetChannels);
        this.corsHeaders = corsHeaders.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(corsHeaders));
        this.expiry = expiry;
        this.permissionMark = permissionMark;
    }

    public SecurityIdentity identity() {
        return identity;
    }

    /**
     * @return the principal's name, or {@code null} for an anonymous identity
     */
    public String principal() {
        return principal;
    }

    /**
     * @return the channels, in the order the request gave them
     */
    public Set<String> channels() {
        return channels;
    }

    /**
     * @return the stored channels among {@link #channels()}, in the same order; their events carry ids
     */
    public List<String> storedChannels() {
        return storedChannels;
    }

    /**
     * @return whether every channel is stored: the stream can then read back anything it could not take live
     */
    public boolean allStored() {
        return !storedChannels.isEmpty() && storedChannels.size() == channels.size();
    }

    /**
     * @return the epoch of the store's positions; empty when no channel is stored
     */
    public String epoch() {
        return epoch;
    }

    /**
     * @return a copy of where each stored channel starts (same order as {@link #storedChannels()}): the client's
     *         cursor when the store still holds what follows it, else the store's position
     */
    public long[] positions() {
        return positions.clone();
    }

    /**
     * @return a copy of each stored channel's position in the store when the request was admitted: a replay from
     *         {@link #positions()} ends there, live events follow
     */
    public long[] storePositions() {
        return storePositions.clone();
    }

    /**
     * @return the stored channels whose cursor could not be honoured (purged, another epoch, ahead of the store)
     */
    public List<String> resetChannels() {
        return resetChannels;
    }

    /**
     * @return the stream's cursor at its start, or {@code null} when no channel is stored
     */
    public String cursor() {
        if (storedChannels.isEmpty()) {
            return null;
        }
        String[] keys = storedChannels.stream().map(CursorCodec::key).toArray(String[]::new);
        return CursorCodec.encode(epoch, keys, positions);
    }

    public Map<String, String> corsHeaders() {
        return corsHeaders;
    }

    /**
     * @return when the identity's credentials expire, or {@code null}
     */
    public Instant expiry() {
        return expiry;
    }

    /**
     * @return the count of permission changes seen before the channels were authorized (see
     *         {@link Admission#permissionsChangedSince(StreamPlan)})
     */
    long permissionMark() {
        return permissionMark;
    }
}
