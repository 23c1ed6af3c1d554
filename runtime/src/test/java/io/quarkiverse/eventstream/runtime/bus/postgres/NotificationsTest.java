package io.quarkiverse.eventstream.runtime.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.spi.BusMessage;

class NotificationsTest {

    private final Notifications sender = new Notifications("sender");
    private final Notifications receiver = new Notifications("receiver");

    @Test
    void aSmallMessageIsOnePayload() {
        BusMessage message = BusMessage.event("sender", new ChannelEvent("c", "message", "\"hi\"", 3));
        List<String> payloads = sender.payloads(message);
        assertThat(payloads).hasSize(1);
        assertThat(receiver.received(payloads.get(0)).toEvent().data()).isEqualTo("\"hi\"");
    }

    @Test
    void aLargeStoredEventTravelsAsAReference() {
        BusMessage message = BusMessage.event("sender", new ChannelEvent("c", "message", "é".repeat(5_000), 9));
        List<String> payloads = sender.payloads(message);
        assertThat(payloads).hasSize(1);
        BusMessage received = receiver.received(payloads.get(0));
        assertThat(received.kind()).isEqualTo(BusMessage.Kind.REFERENCE);
        assertThat(received.position()).isEqualTo(9);
    }

    @Test
    void aLargeUnstoredEventTravelsInFragmentsUnderTheLimit() {
        // multi-byte characters and surrogate pairs across fragment boundaries
        String data = ("é😀a" + "\n").repeat(4_000);
        BusMessage message = BusMessage.event("sender", new ChannelEvent("c", "message", data, 0));
        List<String> payloads = sender.payloads(message);
        assertThat(payloads).hasSizeGreaterThan(1);
        for (String payload : payloads) {
            assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(8_000);
        }
        BusMessage received = null;
        for (int i = 0; i < payloads.size(); i++) {
            received = receiver.received(payloads.get(i));
            if (i < payloads.size() - 1) {
                assertThat(received).isNull();
            }
        }
        assertThat(received.toEvent().data()).isEqualTo(data);
    }

    @Test
    void fragmentsOfTwoMessagesDoNotMix() {
        String first = "a".repeat(20_000);
        String second = "b".repeat(20_000);
        List<String> one = sender.payloads(BusMessage.event("sender", new ChannelEvent("c", "m", first, 0)));
        List<String> two = sender.payloads(BusMessage.event("sender", new ChannelEvent("c", "m", second, 0)));
        BusMessage done = null;
        for (int i = 0; i < Math.max(one.size(), two.size()); i++) {
            if (i < two.size()) {
                BusMessage m = receiver.received(two.get(i));
                if (m != null) {
                    assertThat(m.toEvent().data()).isEqualTo(second);
                }
            }
            if (i < one.size()) {
                done = receiver.received(one.get(i));
            }
        }
        assertThat(done.toEvent().data()).isEqualTo(first);
    }
}
