package io.quarkiverse.eventstream.spi;

/**
 * What an {@link EventBus} hands the messages it receives to. Implemented by the extension; thread-safe; never blocks.
 */
public interface BusReceiver {

    /**
     * Takes a message published by any instance, this one included.
     */
    void receive(BusMessage message);

    /**
     * The bus (re)started receiving: the instance reads from the store the events it may have missed meanwhile.
     */
    void connected();
}
