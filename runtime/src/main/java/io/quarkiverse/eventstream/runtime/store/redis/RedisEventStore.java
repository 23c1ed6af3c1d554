package io.quarkiverse.eventstream.runtime.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.quarkus.arc.DefaultBean;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;

/**
 * The {@code redis} store: events in Redis, shared by every instance that uses the same Redis and key prefix.
 * <p>
 * Every key starts with the hash tag {@code {prefix}:} ({@code quarkus.eventstream.store.redis.key-prefix}), so all of
 * them live in one Redis Cluster slot and the Lua scripts below may touch any of them:
 * <ul>
 * <li>{@code {prefix}:pos:<channel>}, a counter: the channel's last position, never decremented;</li>
 * <li>{@code {prefix}:ev:<channel>}, a sorted set of the channel's retained events, scored by position; a member is
 * {@code <position>\n<created millis>\n<type>\n<data>};</li>
 * <li>{@code {prefix}:time}, a sorted set of the events of all channels, scored by creation time in epoch millis; a
 * member is {@code <channel>\n<position>}: the purge's index;</li>
 * <li>{@code {prefix}:epoch}, the store's epoch.</li>
 * </ul>
 * An append is one script (counter, event, index), so an event is either fully stored or not at all, and its time is
 * the Redis server's clock, which instances with skewed clocks share. Needs Redis 5 or later (scripts replicated by
 * their effects).
 * <p>
 * The Redis client is the default client of {@code quarkus-redis-client}, or the one named by
 * {@code quarkus.eventstream.store.redis.client-name}. The client's hosts must be configured in
 * {@code application.properties} ({@code quarkus.redis.hosts}, or {@code quarkus.redis."<name>".hosts}): the Redis
 * extension creates at build time only the clients it finds configured there.
 * <p>
 * Created at startup, so a missing client stops the application there; it connects to Redis on first use. Methods
 * block on Redis replies: the extension calls them on worker threads only. Thread-safe.
 */
@DefaultBean
@Singleton
@Startup
public class RedisEventStore implements EventStore {

    // KEYS: counter, channel set, time index; ARGV: channel, type, data. Returns {position, created millis}.
    private static final Script APPEND = new Script("""
            local position = redis.call('INCR', KEYS[1])
            local now = redis.call('TIME')
            local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local p = string.format('%d', position)
            local m = string.format('%d', millis)
            redis.call('ZADD', KEYS[2], p, p .. '\\n' .. m .. '\\n' .. ARGV[2] .. '\\n' .. ARGV[3])
            redis.call('ZADD', KEYS[3], m, ARGV[1] .. '\\n' .. p)
            return {position, millis}
            """);

    // KEYS: time index; ARGV: key prefix, cutoff millis (excluded), limit. Returns the number of events deleted.
    private static final Script DELETE_OLDER = new Script("""
            local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, ARGV[3])
            for _, member in ipairs(members) do
                local channel, position = string.match(member, '^(.*)\\n(%d+)$')
                if channel then
                    redis.call('ZREMRANGEBYSCORE', ARGV[1] .. 'ev:' .. channel, position, position)
                end
                redis.call('ZREM', KEYS[1], member)
            end
            return #members
            """);

    // KEYS: channel sets. Returns the lowest score of each, '0' for an empty one.
    private static final Script OLDEST = new Script("""
            local oldest = {}
            for i, key in ipairs(KEYS) do
                local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
                oldest[i] = first[2] or '0'
            end
            return oldest
            """);

    private static final char[] EPOCH_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int EPOCH_LENGTH = 12;

    private final RedisDataSource redis;
    private final String prefix;
    private final String timeKey;
    private volatile String epoch;

    @Inject
    RedisEventStore(EventStreamBuildTimeConfig buildConfig, EventStreamRuntimeConfig config,
            @Any Instance<RedisDataSource> clients) {
        this(dataSource(clients, buildConfig.store().redis().clientName().orElse(null)),
                config.store().redis().keyPrefix());
    }

    /**
     * @param redis the Redis client
     * @param keyPrefix the key prefix, without braces (checked with the configuration at startup)
     */
    public RedisEventStore(RedisDataSource redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = "{" + keyPrefix + "}:";
        this.timeKey = prefix + "time";
    }

    private static RedisDataSource dataSource(Instance<RedisDataSource> clients, String name) {
        Instance<RedisDataSource> client = name == null ? clients.select(Default.Literal.INSTANCE)
                : clients.select(RedisClientName.Literal.of(name));
        if (!client.isResolvable()) {
            throw new ConfigurationException(name == null
                    ? "quarkus.eventstream.store=redis found no default Redis client: set quarkus.redis.hosts in"
                            + " application.properties"
                    : "quarkus.eventstream.store.redis.client-name=" + name
                            + " names no Redis client: set quarkus.redis." + name + ".hosts in application.properties");
        }
        return client.get();
    }

    @Override
    public StoredEvent append(String channel, String type, String data) {
        Response reply = APPEND.run(redis, List.of(counterKey(channel), eventsKey(channel), timeKey),
                channel, type, data);
        return new StoredEvent(channel, reply.get(0).toLong(), type, data, Instant.ofEpochMilli(reply.get(1).toLong()));
    }

    @Override
    public List<StoredEvent> readAfter(String channel, long after, int limit) {
        Response reply = redis.execute(Command.ZRANGEBYSCORE, eventsKey(channel), "(" + after, "+inf", "LIMIT", "0",
                Integer.toString(limit));
        if (reply == null || reply.size() == 0) {
            return List.of();
        }
        List<StoredEvent> events = new ArrayList<>(reply.size());
        for (Response member : reply) {
            events.add(decode(channel, member.toString()));
        }
        return events;
    }

    @Override
    public long currentPosition(String channel) {
        Response reply = redis.execute(Command.GET, counterKey(channel));
        return reply == null ? 0 : reply.toLong();
    }

    @Override
    public long oldestPosition(String channel) {
        return score(OLDEST.run(redis, List.of(eventsKey(channel))).get(0));
    }

    @Override
    public Map<String, Long> currentPositions(Collection<String> channels) {
        List<String> all = List.copyOf(channels);
        Map<String, Long> positions = new HashMap<>();
        if (all.isEmpty()) {
            return positions;
        }
        Response reply = redis.execute(Command.MGET, all.stream().map(this::counterKey).toArray(String[]::new));
        for (int i = 0; i < all.size(); i++) {
            Response position = reply.get(i);
            positions.put(all.get(i), position == null ? 0L : position.toLong());
        }
        return positions;
    }

    @Override
    public Map<String, Long> oldestPositions(Collection<String> channels) {
        List<String> all = List.copyOf(channels);
        Map<String, Long> positions = new HashMap<>();
        if (all.isEmpty()) {
            return positions;
        }
        Response reply = OLDEST.run(redis, all.stream().map(this::eventsKey).toList());
        for (int i = 0; i < all.size(); i++) {
            positions.put(all.get(i), score(reply.get(i)));
        }
        return positions;
    }

    @Override
    public int deleteOlderThan(Instant cutoff, int limit) {
        long cutoffMillis = cutoff.isBefore(Instant.EPOCH) ? 0 : cutoff.toEpochMilli();
        Response reply = DELETE_OLDER.run(redis, List.of(timeKey), prefix, Long.toString(cutoffMillis),
                Integer.toString(limit));
        return reply.toInteger();
    }

    /**
     * The epoch is a random word kept at {@code {prefix}:epoch}, set by the first instance that asks; read once per
     * instance. If the Redis data is wiped, positions start again from 1 and the next instance to start sets a new
     * epoch, so clients then receive a {@code stream-reset}; restart running instances after wiping Redis, since they
     * keep the epoch they read.
     */
    @Override
    public String epoch() {
        String result = epoch;
        if (result == null) {
            String key = prefix + "epoch";
            redis.execute(Command.SET, key, randomWord(), "NX");
            result = redis.execute(Command.GET, key).toString();
            epoch = result;
        }
        return result;
    }

    @Override
    public boolean isBlocking() {
        return true;
    }

    @Override
    public boolean isTransactional() {
        return false;
    }

    private String counterKey(String channel) {
        return prefix + "pos:" + channel;
    }

    private String eventsKey(String channel) {
        return prefix + "ev:" + channel;
    }

    /** Decodes a member of a channel set: {@code <position>\n<created millis>\n<type>\n<data>}; data may hold LFs. */
    static StoredEvent decode(String channel, String member) {
        int afterPosition = member.indexOf('\n');
        int afterCreated = member.indexOf('\n', afterPosition + 1);
        int afterType = member.indexOf('\n', afterCreated + 1);
        if (afterPosition < 0 || afterCreated < 0 || afterType < 0) {
            throw new IllegalStateException("Not an event of the redis store in channel " + channel);
        }
        return new StoredEvent(channel, Long.parseLong(member.substring(0, afterPosition)),
                member.substring(afterCreated + 1, afterType), member.substring(afterType + 1),
                Instant.ofEpochMilli(Long.parseLong(member.substring(afterPosition + 1, afterCreated))));
    }

    /** A score written as a decimal (a position, below 2^53, so exact). */
    private static long score(Response score) {
        return score == null ? 0 : (long) Double.parseDouble(score.toString());
    }

    private static String randomWord() {
        SecureRandom random = new SecureRandom();
        char[] word = new char[EPOCH_LENGTH];
        for (int i = 0; i < word.length; i++) {
            word[i] = EPOCH_ALPHABET[random.nextInt(EPOCH_ALPHABET.length)];
        }
        return new String(word);
    }

    /** A Lua script run by its SHA-1, sent again in full when Redis does not have it (first use, restart, flush). */
    private static final class Script {

        private final String source;
        private final String sha;

        Script(String source) {
            this.source = source;
            try {
                this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Response run(RedisDataSource redis, List<String> keys, String... args) {
            String[] evalArgs = new String[2 + keys.size() + args.length];
            evalArgs[0] = sha;
            evalArgs[1] = Integer.toString(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                evalArgs[2 + i] = keys.get(i);
            }
            System.arraycopy(args, 0, evalArgs, 2 + keys.size(), args.length);
            try {
                return redis.execute(Command.EVALSHA, evalArgs);
            } catch (RuntimeException e) {
                if (!isNoScript(e)) {
                    throw e;
                }
                // EVAL runs the script and caches it, so the next EVALSHA finds it
                evalArgs[0] = source;
                return redis.execute(Command.EVAL, evalArgs);
            }
        }

        private static boolean isNoScript(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
                    return true;
                }
            }
            return false;
        }
    }
}
