package io.quarkiverse.eventstream.runtime.store.orm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.bus.SendsInTransaction;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkus.arc.DefaultBean;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.panache.common.Sort;

/**
 * The {@code hibernate-orm} store: events in {@code eventstream_event}, position counters in
 * {@code eventstream_channel}, in the application's datasource.
 * <p>
 * {@link #append} joins the caller's transaction when there is one, so the event commits or rolls back with the
 * caller's own data; otherwise it commits on its own, together with the appends made at the same time (a
 * {@link GroupCommit}). Reads and purges run in short transactions of their own.
 */
@DefaultBean
@Singleton
public class HibernateOrmEventStore implements EventStore, SendsInTransaction {

    private static final Logger LOG = Logger.getLogger(HibernateOrmEventStore.class);

    // not a valid channel name (control character), so it can never collide with one
    static final String EPOCH_ROW = "\u0001epoch";
    /** Locks taken to create counter rows, by the row's hash. */
    private static final Object[] ROW_CREATION = new Object[64];

    static {
        for (int i = 0; i < ROW_CREATION.length; i++) {
            ROW_CREATION[i] = new Object();
        }
    }

    // channels per IN list: well below the bind-parameter limits of every database
    private static final int MAX_IN_LIST = 500;

    private final GroupCommit groupCommit = new GroupCommit(
            batch -> QuarkusTransaction.requiringNew().call(() -> insert(batch, true)));
    private volatile String epoch;
    private final Object epochLock = new Object();
    private volatile Consumer<List<StoredEvent>> busSender;

    @Override
    public void sendAppendedTo(Consumer<List<StoredEvent>> sender) {
        this.busSender = sender;
    }

    @Override
    public StoredEvent append(String channel, String type, String data) {
        GroupCommit.Append append = new GroupCommit.Append(channel, type, data);
        if (QuarkusTransaction.isActive()) {
            // the event belongs to the caller's transaction
            return insert(List.of(append), false).get(0);
        }
        return groupCommit.append(append);
    }

    /**
     * Gives the events their channels' next positions and inserts them, in the current transaction: one counter update
     * per channel, inserts sent in one JDBC batch. In a transaction of the store's own ({@code ownTransaction}), the
     * counter rows of all the channels are locked by one query and updated in one JDBC batch.
     */
    private List<StoredEvent> insert(List<GroupCommit.Append> events, boolean ownTransaction) {
        // the counter rows are locked in the order of the channels' names, the same in every transaction
        SortedMap<String, List<GroupCommit.Append>> byChannel = new TreeMap<>();
        for (GroupCommit.Append event : events) {
            byChannel.computeIfAbsent(event.channel, c -> new ArrayList<>()).add(event);
        }
        Session session = Panache.getSession(EventRecord.class);
        if (events.size() > 1) {
            session.setJdbcBatchSize(Math.min(events.size(), GroupCommit.MAX_BATCH));
        }
        Map<String, ChannelRecord> counters = ownTransaction ? lockCounters(List.copyOf(byChannel.keySet())) : Map.of();
        Instant now = Instant.now();
        Map<GroupCommit.Append, StoredEvent> stored = new IdentityHashMap<>();
        for (Map.Entry<String, List<GroupCommit.Append>> channel : byChannel.entrySet()) {
            List<GroupCommit.Append> appended = channel.getValue();
            ChannelRecord counter = counters.get(channel.getKey());
            long position;
            if (counter != null) {
                // a managed entity: its update goes out with the others' at flush
                position = counter.take(appended.size());
            } else {
                position = advance(channel.getKey(), appended.size()) - appended.size();
            }
            for (GroupCommit.Append event : appended) {
                EventRecord record = new EventRecord();
                record.channel = event.channel;
                record.position = ++position;
                record.type = event.type;
                record.data = event.data;
                record.createdAt = now;
                session.persist(record);
                stored.put(event, new StoredEvent(event.channel, record.position, event.type, event.data, now));
            }
        }
        Consumer<List<StoredEvent>> sender = busSender;
        if (sender != null) {
            // in this transaction, by channel and position: the notifications commit with the rows
            List<StoredEvent> inOrder = new ArrayList<>(events.size());
            byChannel.values().forEach(appended -> appended.forEach(e -> inOrder.add(stored.get(e))));
            sender.accept(inOrder);
        }
        List<StoredEvent> result = new ArrayList<>(events.size());
        events.forEach(e -> result.add(stored.get(e)));
        return result;
    }

    @Override
    public List<StoredEvent> readAfter(String channel, long after, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> EventRecord
                .<EventRecord> find("channel = ?1 and position > ?2", Sort.by("position"), channel, after)
                .page(0, limit).list().stream()
                .map(r -> new StoredEvent(r.channel, r.position, r.type, r.data, r.createdAt))
                .toList());
    }

    @Override
    public long currentPosition(String channel) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            ChannelRecord record = ChannelRecord.findById(channel);
            return record == null ? 0L : record.position;
        });
    }

    @Override
    public long oldestPosition(String channel) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Long oldest = Panache.getSession(EventRecord.class)
                    .createSelectionQuery("select min(e.position) from EventRecord e where e.channel = :channel", Long.class)
                    .setParameter("channel", channel).getSingleResultOrNull();
            return oldest == null ? 0L : oldest;
        });
    }

    @Override
    public Map<String, Long> currentPositions(Collection<String> channels) {
        return positions(channels, "select c.channel, c.position from ChannelRecord c where c.channel in :channels");
    }

    @Override
    public Map<String, Long> oldestPositions(Collection<String> channels) {
        // a correlated min per channel reads one index entry each, whatever the channel's length
        return positions(channels, "select c.channel, (select min(e.position) from EventRecord e where e.channel = c.channel)"
                + " from ChannelRecord c where c.channel in :channels");
    }

    /** Runs a query of (channel, position) pairs for the channels, in slices; a channel not found is at 0. */
    private static Map<String, Long> positions(Collection<String> channels, String query) {
        Map<String, Long> positions = new HashMap<>();
        List<String> all = List.copyOf(channels);
        QuarkusTransaction.joiningExisting().run(() -> {
            for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
                List<String> slice = padded(all.subList(from, Math.min(all.size(), from + MAX_IN_LIST)));
                for (Object[] row : Panache.getSession(EventRecord.class).createSelectionQuery(query, Object[].class)
                        .setParameter("channels", slice).getResultList()) {
                    positions.put((String) row[0], row[1] == null ? 0L : ((Number) row[1]).longValue());
                }
            }
        });
        for (String channel : all) {
            positions.putIfAbsent(channel, 0L);
        }
        return positions;
    }

    /**
     * Repeats the last channel up to a power of two: each length of IN list is its own SQL statement to plan, so a few
     * lengths keep the query plan cache small and warm.
     */
    private static List<String> padded(List<String> slice) {
        int size = Integer.highestOneBit(slice.size());
        if (size == slice.size()) {
            return slice;
        }
        List<String> result = new ArrayList<>(slice);
        while (result.size() < size * 2) {
            result.add(slice.get(slice.size() - 1));
        }
        return result;
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int limit) {
        // select a batch of ids, then delete them by id: bounded work per statement whatever the backlog
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> ids = Panache.getSession(EventRecord.class)
                    .createSelectionQuery("select e.id from EventRecord e where e.createdAt < :cutoff order by e.id",
                            Long.class)
                    .setParameter("cutoff", cutoff).setMaxResults(limit).getResultList();
            if (ids.isEmpty()) {
                return 0;
            }
            return Panache.getSession(EventRecord.class).createMutationQuery("delete from EventRecord e where e.id in :ids")
                    .setParameter("ids", ids).executeUpdate();
        });
    }

    @Override
    public String epoch() {
        String result = epoch;
        if (result == null) {
            // the first streams of an instance on a new database ask at once: one of them creates the row
            synchronized (epochLock) {
                result = epoch;
                if (result == null) {
                    result = Long.toString(loadEpoch(), 36).replace("-", "n");
                    epoch = result;
                }
            }
        }
        return result;
    }

    @Override
    public boolean isTransactional() {
        return true;
    }

    /**
     * Reads and locks the counter rows of the channels (given in name order), creating those that are missing. Only in a
     * transaction that read no counter before: a counter already in the persistence context would keep the state it
     * was read with.
     */
    private static Map<String, ChannelRecord> lockCounters(List<String> names) {
        Map<String, ChannelRecord> counters = new HashMap<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int from = 0; from < names.size(); from += MAX_IN_LIST) {
                List<String> slice = padded(names.subList(from, Math.min(names.size(), from + MAX_IN_LIST)));
                for (ChannelRecord counter : Panache.getSession(EventRecord.class)
                        .createSelectionQuery("from ChannelRecord c where c.channel in :channels order by c.channel",
                                ChannelRecord.class)
                        .setParameter("channels", slice).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
                    counters.put(counter.channel, counter);
                }
            }
            if (counters.size() == names.size()) {
                return counters;
            }
            // a first event on these channels: create their rows, then lock them like the others
            for (String name : names) {
                if (!counters.containsKey(name)) {
                    createRow(name, 0);
                }
            }
        }
        throw new IllegalStateException("Could not create the position counters of channels " + names);
    }

    /** Moves the channel's counter {@code count} positions on, taking its row lock until commit; returns the last. */
    private long advance(String channel, int count) {
        for (int attempt = 0; attempt < 3; attempt++) {
            // the update takes the row lock that orders this channel's commits
            int updated = Panache.getSession(EventRecord.class)
                    .createMutationQuery(
                            "update ChannelRecord c set c.position = c.position + :count where c.channel = :channel")
                    .setParameter("count", (long) count).setParameter("channel", channel).executeUpdate();
            if (updated == 1) {
                return Panache.getSession(EventRecord.class)
                        .createSelectionQuery("select c.position from ChannelRecord c where c.channel = :channel",
                                Long.class)
                        .setParameter("channel", channel).getSingleResult();
            }
            createRow(channel, 0);
        }
        throw new IllegalStateException("Could not create the position counter of channel " + channel);
    }

    private long loadEpoch() {
        ChannelRecord existing = QuarkusTransaction.requiringNew().call(() -> ChannelRecord.findById(EPOCH_ROW));
        if (existing != null) {
            return existing.position;
        }
        createRow(EPOCH_ROW, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        return QuarkusTransaction.requiringNew().call(() -> ChannelRecord.<ChannelRecord> findById(EPOCH_ROW).position);
    }

    /**
     * Inserts a counter row in a transaction of its own; another instance winning the race is fine. The threads of this
     * instance take turns per row: a concurrent insert of the same row would fail, and Hibernate ORM and Narayana log
     * each such failure at {@code WARN} although it is handled here.
     */
    private static void createRow(String channel, long position) {
        synchronized (ROW_CREATION[Math.floorMod(channel.hashCode(), ROW_CREATION.length)]) {
            insertRow(channel, position);
        }
    }

    private static void insertRow(String channel, long position) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (ChannelRecord.findById(channel) == null) {
                    ChannelRecord record = new ChannelRecord();
                    record.channel = channel;
                    record.position = position;
                    record.persist();
                }
            });
        } catch (PersistenceException | QuarkusTransactionException e) {
            // most likely a concurrent insert of the same row, which then exists; the caller retries its update
            LOG.debugf(e, "Creating the counter row of %s failed", channel);
        }
    }
}
