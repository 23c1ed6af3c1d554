package org.acme.eventstream;

// tag::bus[]
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;

@ApplicationScoped
public class KafkaEventBus implements EventBus {

    @Inject
    @Channel("eventstream-out")
    Emitter<String> out;

    private volatile BusReceiver receiver;

    @Override
    public CompletionStage<Void> publish(BusMessage message) {
        return out.send(message.encode()); // <1>
    }

    @Override
    public void start(BusReceiver receiver) {
        this.receiver = receiver;
        receiver.connected(); // <2>
    }

    @Incoming("eventstream-in")
    public void received(String text) {
        BusReceiver current = receiver;
        if (current != null) {
            current.receive(BusMessage.decode(text)); // <3>
        }
    }
}
// end::bus[]
