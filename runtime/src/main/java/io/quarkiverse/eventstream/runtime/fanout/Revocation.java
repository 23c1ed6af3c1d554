package io.quarkiverse.eventstream.runtime.fanout;

import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.admission.Admission;
import io.quarkiverse.eventstream.runtime.stream.Stream;
import io.quarkiverse.eventstream.runtime.stream.StreamError;

/**
 * Ends the streams that may no longer read a channel after the application withdrew a permission
 * ({@code EventPublisher.permissionChanged}). Blocking: the permission check is the application's code.
 */
@Singleton
public class Revocation {

    private static final Logger LOG = Logger.getLogger(Revocation.class);

    private final StreamIndex index;
    private final Admission admission;

    @Inject
    public Revocation(StreamIndex index, Admission admission) {
        this.index = index;
        this.admission = admission;
    }

    /**
     * Checks again the streams of {@code principal} on {@code channel}; those no longer allowed end with
     * {@code stream-error} {@code forbidden}. Streams still being admitted check again themselves.
     *
     * @return the number of streams ended on this instance
     */
    public int permissionChanged(String principal, String channel) {
        // first: a stream admitted from now on, or while this runs, sees the change
        admission.permissionsChanged();
        int ended = 0;
        for (Stream stream : index.streams(channel)) {
            if (Objects.equals(principal, stream.plan().principal()) && stream.isOpen()
                    && !admission.mayRead(stream.plan().identity(), channel)) {
                LOG.debugf("Permission to read %s withdrawn from %s; ending a stream", channel, principal);
                stream.end(StreamError.forbidden(List.of(channel)));
                ended++;
            }
        }
        return ended;
    }
}
