package org.acme.eventstream;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.eventstream.EventPublisher;

/**
 * Who belongs to which team; the members of a team read its channel, {@code team-<team>}. Kept in memory to keep the
 * example short: a real application keeps memberships in its database.
 */
@ApplicationScoped
public class TeamMemberships {

    private static final String CHANNEL_PREFIX = "team-";

    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

    @Inject
    EventPublisher publisher;

    public static String channelOf(String team) {
        return CHANNEL_PREFIX + team;
    }

    public static boolean isTeamChannel(String channel) {
        return channel.startsWith(CHANNEL_PREFIX);
    }

    public static String teamOf(String channel) {
        return channel.substring(CHANNEL_PREFIX.length());
    }

    public boolean isMember(String team, String user) {
        return members.getOrDefault(team, Set.of()).contains(user);
    }

    public void add(String team, String user) {
        members.computeIfAbsent(team, t -> ConcurrentHashMap.newKeySet()).add(user);
    }

    // tag::remove[]
    /**
     * Removes {@code user} from {@code team} and ends the streams in which the user reads the team's channel.
     * Blocking: {@code permissionChanged} calls {@code ChannelManager.canRead}.
     *
     * @return the number of streams ended on this instance
     */
    public int remove(String team, String user) {
        Set<String> current = members.get(team);
        if (current != null) {
            current.remove(user);
        }
        // after the change, never before: canRead must already answer false
        return publisher.permissionChanged(user, channelOf(team));
    }
    // end::remove[]
}
