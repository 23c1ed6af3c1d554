package io.quarkiverse.eventstream.runtime.store;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkus.arc.DefaultBean;

/**
 * The {@code none} store: keeps nothing, so no channel is stored (see
 * {@link io.quarkiverse.eventstream.runtime.channel.StoredChannels}) and nothing ever asks it to append. It answers
 * reads as an empty store would, so the code around it needs no special case.
 */
@DefaultBean
@Singleton
public class NoEventStore implements EventStore {

    @Override
    public StoredEvent append(String channel, String type, String data) {
        throw new IllegalStateException("The none store keeps no events: channel " + channel + " is not stored");
    }

    @Override
    public List<StoredEvent> readAfter(String channel, long after, int limit) {
        return List.of();
    }

    @Override
    public long currentPosition(String channel) {
        return 0;
    }

    @Override
    public long oldestPosition(String channel) {
        return 0;
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int limit) {
        return 0;
    }

    @Override
    public String epoch() {
        return "none";
    }

    @Override
    public boolean isBlocking() {
        return false;
    }
}
