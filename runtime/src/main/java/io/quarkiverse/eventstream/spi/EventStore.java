package io.quarkiverse.eventstream.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the events of reliable channels so streams can replay what a client missed.
 * <p>
 * The extension provides one implementation, chosen at build time with {@code quarkus.eventstream.store}
 * ({@code memory}, {@code hibernate-orm}, {@code redis} or {@code none}). An application replaces it by declaring its
 * own bean of this type ({@code @ApplicationScoped} or {@code @Singleton}), with no configuration.
 * <p>
 * Implementations must be thread-safe. Positions are per channel: the first event of a channel is 1, each next event
 * gets a higher position, and a position a client may have seen (a committed one) is never given again; a transactional
 * store may give again a position whose transaction rolled back, since no stream ever received it. When {@link #isBlocking()}
 * is
 * {@code true} the extension never calls the store on a Vert.x event loop.
 */
public interface EventStore {

    /**
     * Appends an event and gives it the channel's next position. Inside an active JTA transaction the event belongs to
     * that transaction: it is kept only if the transaction commits.
     *
     * @return the stored event, with its position
     */
    StoredEvent append(String channel, String type, String data);

    /**
     * @param channel the channel
     * @param after a position; {@code 0} reads from the first retained event
     * @param limit the maximum number of events to return, at least 1
     * @return the retained events of {@code channel} with a position greater than {@code after}, in position order,
     *         at most {@code limit}
     */
    List<StoredEvent> readAfter(String channel, long after, int limit);

    /**
     * @return the position of the last event appended to {@code channel}, {@code 0} if none ever was
     */
    long currentPosition(String channel);

    /**
     * @return the position of the oldest event of {@code channel} still retained, {@code 0} if none is
     */
    long oldestPosition(String channel);

    /**
     * The current positions of several channels at once. The default asks {@link #currentPosition} for each; a store
     * that can answer in one query should, since many streams opening at once ask for many channels together.
     *
     * @return every channel of {@code channels} with its position as {@link #currentPosition} gives it
     */
    default Map<String, Long> currentPositions(Collection<String> channels) {
        Map<String, Long> positions = new HashMap<>();
        for (String channel : channels) {
            positions.put(channel, currentPosition(channel));
        }
        return positions;
    }

    /**
     * The oldest retained positions of several channels at once; see {@link #currentPositions}.
     *
     * @return every channel of {@code channels} with its position as {@link #oldestPosition} gives it
     */
    default Map<String, Long> oldestPositions(Collection<String> channels) {
        Map<String, Long> positions = new HashMap<>();
        for (String channel : channels) {
            positions.put(channel, oldestPosition(channel));
        }
        return positions;
    }

    /**
     * Deletes up to {@code limit} events created before {@code cutoff}, all channels together. Safe to call from
     * several instances at once.
     *
     * @return the number of events deleted; less than {@code limit} means nothing older is left
     */
    int deleteOlderThan(Instant cutoff, int limit);

    /**
     * @return an identifier of the store's history that changes when positions start again from 1 (a new in-memory
     *         store, a wiped table); letters and digits only
     */
    String epoch();

    /**
     * @return {@code true} if the methods do blocking I/O
     */
    default boolean isBlocking() {
        return true;
    }

    /**
     * @return {@code true} if {@link #append} joins the caller's JTA transaction; events published inside a
     *         transaction are otherwise appended after it commits
     */
    default boolean isTransactional() {
        return false;
    }
}
