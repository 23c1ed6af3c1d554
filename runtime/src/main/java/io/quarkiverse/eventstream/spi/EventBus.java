package io.quarkiverse.eventstream.spi;

import java.util.concurrent.CompletionStage;

/**
 * Carries events and permission changes between the instances of an application, so that an event published on one
 * instance reaches the streams of all of them.
 * <p>
 * The extension provides two implementations, chosen at build time with {@code quarkus.eventstream.bus}
 * ({@code postgres}: PostgreSQL {@code LISTEN/NOTIFY}; {@code redis}: Redis pub/sub). An application plugs another
 * engine (Kafka, NATS, AMQP...) by declaring its own bean of this type ({@code @ApplicationScoped} or
 * {@code @Singleton}); it then replaces the built-in one whatever the configuration says.
 * <p>
 * A bus may lose, repeat or delay messages: the extension reads from the store what a bus lost (after each
 * {@link BusReceiver#connected()}, when an event arrives past a gap, and every
 * {@code quarkus.eventstream.bus.check-interval}) and drops what it already delivered. Events of stored channels are
 * therefore delivered exactly once and in order whatever the bus does; events of channels that are not stored are
 * delivered at most once. Every instance must use the same store for that to hold.
 * <p>
 * Implementations must be thread-safe, and their methods must not block: they are called on Vert.x event loops and on
 * the threads of publishers.
 */
public interface EventBus {

    /**
     * Sends a message to every instance of the application. The instance that publishes may receive its own messages
     * back: the extension ignores them. Called once the event committed to the store.
     *
     * @param message the message; {@link BusMessage#encode()} gives a string form for engines that carry text
     * @return completed once the engine took the message, or failed when it could not; a failure is logged and
     *         repaired from the store, never reported to the publisher
     */
    CompletionStage<Void> publish(BusMessage message);

    /**
     * Starts receiving the messages of every instance, for the life of the application. Called once, at startup.
     * <p>
     * The engine calls {@link BusReceiver#receive} for each message (on any thread, one at a time or concurrently),
     * and {@link BusReceiver#connected()} each time it (re)starts receiving, first connection included: what was
     * published while it was not receiving is then read from the store.
     */
    void start(BusReceiver receiver);

    /**
     * Stops receiving and releases the engine's connections, when the application stops; messages already given to
     * {@link #publish} have completed, or waited long enough. The default does nothing.
     */
    default void stop() {
    }
}
