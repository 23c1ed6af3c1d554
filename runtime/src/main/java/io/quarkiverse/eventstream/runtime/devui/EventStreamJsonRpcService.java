package io.quarkiverse.eventstream.runtime.devui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.runtime.EventPublisherImpl;
import io.quarkiverse.eventstream.runtime.channel.ChannelNames;
import io.quarkiverse.eventstream.runtime.channel.StoredChannels;
import io.quarkiverse.eventstream.runtime.fanout.StreamIndex;
import io.quarkiverse.eventstream.runtime.stream.Stream;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.spi.StoredEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The JSON-RPC methods of the Dev UI pages. A bean in dev mode only: {@code EventStreamDevUIProcessor} registers it
 * with {@code JsonRPCProvidersBuildItem}, and nothing else does. Methods that return plain values run on a worker
 * thread (the store and {@code ChannelManager#isReliable} may block); {@link #getStreams()} and
 * {@link #streamPublished()} never block.
 */
public class EventStreamJsonRpcService {

    private static final Logger LOG = Logger.getLogger(EventStreamJsonRpcService.class);

    /** The most events {@link #getEvents} returns. */
    static final int MAX_EVENTS = 500;

    @Inject
    StreamIndex index;

    @Inject
    StoredChannels storedChannels;

    @Inject
    EventStore store;

    @Inject
    EventPublisher publisher;

    @Inject
    EventPublisherImpl observed;

    // made by the first live log that opens; each published event is offered to every open one
    private BroadcastProcessor<PublishedEvent> published;

    /** A channel with open streams on this instance. */
    public record ChannelInfo(String name, int streams, boolean stored) {
    }

    /** An open stream of this instance. */
    public record StreamInfo(String identity, List<String> channels, String state, String createdAt, long ageSeconds,
            int queuedEvents) {
    }

    /** An event read back from the store. */
    public record EventInfo(String channel, long position, String type, String data, String createdAt) {
    }

    /** An event published on this instance, as the live log shows it; {@code position} 0 when not stored. */
    public record PublishedEvent(String channel, String type, String data, long position, String publishedAt) {

        static PublishedEvent of(ChannelEvent event) {
            return new PublishedEvent(event.channel(), event.type(), event.data(), event.position(),
                    Instant.now().toString());
        }
    }

    /** What {@link #publish} did: the event, or why it was refused. */
    public record PublishResult(boolean published, String message, PublishedEvent event) {
    }

    /**
     * @return the channels with open streams on this instance, by name, with their number of streams
     */
    public List<ChannelInfo> getChannels() {
        List<ChannelInfo> channels = new ArrayList<>();
        for (String channel : index.channels()) {
            int streams = index.subscribers(channel);
            if (streams > 0) {
                channels.add(new ChannelInfo(channel, streams, storedChannels.isStored(channel)));
            }
        }
        channels.sort(Comparator.comparing(ChannelInfo::name));
        return channels;
    }

    /**
     * @return the number of channels with open streams, for the card's label
     */
    public int getChannelCount() {
        return index.channels().size();
    }

    /**
     * @return the number of open streams, for the card's label
     */
    public int getStreamCount() {
        return index.openStreams();
    }

    /**
     * @return the open streams of this instance, oldest first; each is read on its own event loop
     */
    public Uni<List<StreamInfo>> getStreams() {
        List<Stream> streams = index.all();
        Instant now = Instant.now();
        List<CompletableFuture<StreamInfo>> infos = new ArrayList<>(streams.size());
        for (Stream stream : streams) {
            infos.add(CompletableFuture.supplyAsync(() -> info(stream, now), stream.loop()));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(infos.toArray(CompletableFuture[]::new))
                .thenApply(done -> infos.stream().map(CompletableFuture::join)
                        .sorted(Comparator.comparing(StreamInfo::createdAt)).toList()));
    }

    private static StreamInfo info(Stream stream, Instant now) {
        String principal = stream.plan().principal();
        Instant createdAt = stream.createdAt();
        return new StreamInfo(principal == null ? "anonymous" : principal, List.copyOf(stream.channels()),
                stream.state().name(), createdAt.toString(), Duration.between(createdAt, now).toSeconds(),
                stream.queuedEvents());
    }

    /**
     * Publishes a test event with {@link EventPublisher#publishRaw}: {@code data} is sent as typed.
     *
     * @param type the event type; {@value EventPublisher#DEFAULT_TYPE} when blank
     */
    public PublishResult publish(String channel, String type, String data) {
        String eventType = type == null || type.isBlank() ? EventPublisher.DEFAULT_TYPE : type;
        try {
            ChannelEvent event = publisher.publishRaw(channel, eventType, data == null ? "" : data);
            return new PublishResult(true, "Published to " + channel, PublishedEvent.of(event));
        } catch (IllegalArgumentException e) {
            return new PublishResult(false, e.getMessage(), null);
        }
    }

    /**
     * @param limit how many of the last events, at most {@value #MAX_EVENTS}
     * @return the last events of {@code channel} kept in the store, oldest first; empty for a channel that is not
     *         stored
     */
    public List<EventInfo> getEvents(String channel, int limit) {
        ChannelNames.check(channel);
        int count = Math.max(1, Math.min(limit, MAX_EVENTS));
        long after = Math.max(0, store.currentPosition(channel) - count);
        List<EventInfo> events = new ArrayList<>();
        for (StoredEvent event : store.readAfter(channel, after, count)) {
            events.add(new EventInfo(event.channel(), event.position(), event.type(), event.data(),
                    event.createdAt().toString()));
        }
        return events;
    }

    /**
     * @return the events published on this instance from now on, as they commit; a log that falls behind loses events
     */
    public Multi<PublishedEvent> streamPublished() {
        return processor().onOverflow().drop();
    }

    private synchronized BroadcastProcessor<PublishedEvent> processor() {
        if (published == null) {
            published = BroadcastProcessor.create();
            // onNext is called from the publishing threads, one at a time
            Object lock = new Object();
            BroadcastProcessor<PublishedEvent> processor = published;
            observed.observePublished(event -> {
                try {
                    synchronized (lock) {
                        processor.onNext(PublishedEvent.of(event));
                    }
                } catch (RuntimeException e) {
                    // the log is a view: it never fails a publish
                    LOG.debug("Showing a published event in the Dev UI failed", e);
                }
            });
        }
        return published;
    }

    @PreDestroy
    void stopObserving() {
        if (published != null) {
            observed.observePublished(null);
            published.onComplete();
        }
    }
}
