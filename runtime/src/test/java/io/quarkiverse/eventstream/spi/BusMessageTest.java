package io.quarkiverse.eventstream.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.ChannelEvent;

class BusMessageTest {

    @Test
    void anEventKeepsEveryFieldExactly() {
        String data = "line one\nline two\r\n\"quoted\" % é 😀 \n\n";
        BusMessage message = BusMessage.event("abc123", new ChannelEvent("room-1", "chat.line", data, 42));
        BusMessage decoded = BusMessage.decode(message.encode());
        assertThat(decoded.kind()).isEqualTo(BusMessage.Kind.EVENT);
        assertThat(decoded.origin()).isEqualTo("abc123");
        ChannelEvent event = decoded.toEvent();
        assertThat(event.channel()).isEqualTo("room-1");
        assertThat(event.type()).isEqualTo("chat.line");
        assertThat(event.data()).isEqualTo(data);
        assertThat(event.position()).isEqualTo(42);
    }

    @Test
    void emptyDataAndUnstoredEventsRoundTrip() {
        ChannelEvent event = BusMessage.decode(BusMessage.event("o", new ChannelEvent("c", "message", "", 0)).encode())
                .toEvent();
        assertThat(event.data()).isEmpty();
        assertThat(event.position()).isZero();
    }

    @Test
    void aReferenceCarriesNoData() {
        BusMessage reference = BusMessage.event("o", new ChannelEvent("c", "big", "x".repeat(10_000), 7)).reference();
        BusMessage decoded = BusMessage.decode(reference.encode());
        assertThat(decoded.kind()).isEqualTo(BusMessage.Kind.REFERENCE);
        assertThat(decoded.channel()).isEqualTo("c");
        assertThat(decoded.type()).isEqualTo("big");
        assertThat(decoded.position()).isEqualTo(7);
        assertThat(decoded.data()).isNull();
        assertThat(reference.encode()).hasSizeLessThan(40);
        assertThatThrownBy(() -> BusMessage.event("o", new ChannelEvent("c", "t", "d", 0)).reference())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void permissionChangesKeepTheirPrincipalOrItsAbsence() {
        BusMessage named = BusMessage.decode(BusMessage.permissionChanged("o", "alice\nsmith", "c").encode());
        assertThat(named.kind()).isEqualTo(BusMessage.Kind.PERMISSION_CHANGED);
        assertThat(named.principal()).isEqualTo("alice\nsmith");
        assertThat(named.channel()).isEqualTo("c");
        BusMessage anonymous = BusMessage.decode(BusMessage.permissionChanged("o", null, "c").encode());
        assertThat(anonymous.principal()).isNull();
        BusMessage empty = BusMessage.decode(BusMessage.permissionChanged("o", "", "c").encode());
        assertThat(empty.principal()).isEmpty();
    }

    @Test
    void foreignTextIsRefused() {
        assertThatThrownBy(() -> BusMessage.decode("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusMessage.decode("2\n0\no\nc\n1\nt\nd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusMessage.decode("1\n9\no\nc\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusMessage.decode("1\n0\no\nc\nnot-a-number\nt\nd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
