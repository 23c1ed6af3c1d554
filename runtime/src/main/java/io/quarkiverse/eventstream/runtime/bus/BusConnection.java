package io.quarkiverse.eventstream.runtime.bus;

/**
 * A built-in bus that can tell whether it is receiving: the readiness check reports it.
 */
public interface BusConnection {

    /**
     * @return whether the connection that receives the other instances' messages is open now; {@code false} before the
     *         first connection and while reconnecting. Never blocks; any thread.
     */
    boolean connected();
}
