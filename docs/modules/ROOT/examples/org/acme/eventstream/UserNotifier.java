package org.acme.eventstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;

/**
 * Sends notifications to the streams of one user.
 */
@ApplicationScoped
public class UserNotifier {

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    public static String channelOf(String user) {
        return "user-" + user;
    }

    /**
     * @return {@code false} if the user had no stream open on this instance, so nothing was sent
     */
    public boolean notify(String user, Object notification) {
        String channel = channelOf(user);
        if (streams.subscribers(channel) == 0) {
            return false;
        }
        publisher.publish(channel, "notification", notification);
        return true;
    }
}
