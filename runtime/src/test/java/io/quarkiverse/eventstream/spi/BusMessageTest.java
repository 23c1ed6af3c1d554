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
    void anEventCarriesItsTraceparentOnTheOriginLine() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        BusMessage message = BusMessage.event("abc123",
                new ChannelEvent("room-1", "chat.line", "a b\nc", 42, traceparent));
        String text = message.encode();
        assertThat(text).startsWith("1\n0\nabc123 " + traceparent + "\nroom-1\n");
        BusMessage decoded = BusMessage.decode(text);
        assertThat(decoded.origin()).isEqualTo("abc123");
        assertThat(decoded.traceparent()).isEqualTo(traceparent);
        assertThat(decoded.toEvent().traceparent()).isEqualTo(traceparent);
        assertThat(decoded.toEvent().data()).isEqualTo("a b\nc");
    }

    @Test
    void messagesWithoutTraceparentReadAsBefore() {
        // the text form of the messages sent before traceparents existed
        BusMessage decoded = BusMessage.decode("1\n0\nabc123\nroom-1\n42\nchat.line\nhello");
        assertThat(decoded.origin()).isEqualTo("abc123");
        assertThat(decoded.traceparent()).isNull();
        assertThat(decoded.toEvent().traceparent()).isNull();
        assertThat(decoded.toEvent().data()).isEqualTo("hello");
        assertThat(BusMessage.event("abc123", new ChannelEvent("room-1", "chat.line", "hello", 42)).encode())
                .isEqualTo("1\n0\nabc123\nroom-1\n42\nchat.line\nhello");
    }

    @Test
    void aTraceparentThatWouldBreakTheLineIsLeftOut() {
        BusMessage message = BusMessage.event("o", new ChannelEvent("c", "t", "d", 0, "00-x\ninjected"));
        assertThat(message.traceparent()).isNull();
        assertThat(BusMessage.decode(message.encode()).channel()).isEqualTo("c");
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
