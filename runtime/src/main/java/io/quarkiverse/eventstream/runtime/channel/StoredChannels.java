package io.quarkiverse.eventstream.runtime.channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.runtime.store.NoEventStore;
import io.quarkiverse.eventstream.spi.EventStore;

/**
 * Decides which channels are stored: their events get positions, carry ids and can be replayed. The one place that
 * combines the store (the {@code none} store keeps nothing) with {@link ChannelManager#isReliable(String)}.
 * Thread-safe.
 */
@Singleton
public class StoredChannels {

    private final EventStore store;
    private final ChannelManager channelManager;
    private final boolean storing;

    @Inject
    public StoredChannels(EventStore store, ChannelManager channelManager) {
        this.store = store;
        this.channelManager = channelManager;
        this.storing = !(store instanceof NoEventStore);
    }

    /**
     * @return whether events of {@code channel} are stored; may block ({@code isReliable} is the application's code)
     */
    public boolean isStored(String channel) {
        return storing && channelManager.isReliable(channel);
    }

    /**
     * @return the stored channels among {@code channels}, each once, in the order given
     */
    public List<String> storedOf(Collection<String> channels) {
        List<String> stored = new ArrayList<>(channels.size());
        for (String channel : channels) {
            if (!stored.contains(channel) && isStored(channel)) {
                stored.add(channel);
            }
        }
        return stored;
    }

    /**
     * @return whether the store keeps events at all (not the {@code none} store)
     */
    public boolean storing() {
        return storing;
    }

    /**
     * @return the epoch of the store's positions; may block
     */
    public String epoch() {
        return store.epoch();
    }
}
