package io.quarkiverse.eventstream.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.runtime.wire.EventFrame;

class RecentEventsTest {

    @Test
    void answersFromTheLastConsecutiveEventsOnly() {
        RecentEvents recent = new RecentEvents(5, 10);
        for (long p = 1; p <= 8; p++) {
            recent.add(event("c", p));
        }
        // positions 4..8 are kept
        assertThat(positions(recent.readAfter("c", 3, 100))).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(positions(recent.readAfter("c", 5, 2))).containsExactly(6L, 7L);
        assertThat(recent.readAfter("c", 5, 2).get(0).body().toString()).isEqualTo("event: message\ndata: e6\n\n");
        // 3 was evicted, and an up-to-date cursor cannot tell whether the store has more
        assertThat(recent.readAfter("c", 2, 100)).isNull();
        assertThat(recent.readAfter("c", 8, 100)).isNull();
        assertThat(recent.readAfter("other", 0, 100)).isNull();
    }

    @Test
    void aHoleStartsANewRunAndAnOlderEventIsIgnored() {
        RecentEvents recent = new RecentEvents(10, 10);
        recent.add(event("c", 1));
        recent.add(event("c", 2));
        // 3 was published elsewhere, or commits overtook each other
        recent.add(event("c", 4));
        recent.add(event("c", 3));
        recent.add(event("c", 5));
        assertThat(recent.readAfter("c", 1, 100)).isNull();
        assertThat(recent.readAfter("c", 2, 100)).isNull();
        assertThat(positions(recent.readAfter("c", 3, 100))).containsExactly(4L, 5L);
    }

    @Test
    void dropsTheChannelPublishedToLeastRecently() {
        RecentEvents recent = new RecentEvents(10, 2);
        recent.add(event("a", 1));
        recent.add(event("b", 1));
        recent.add(event("a", 2));
        recent.add(event("c", 1));
        assertThat(recent.readAfter("b", 0, 10)).isNull();
        assertThat(positions(recent.readAfter("a", 0, 10))).containsExactly(1L, 2L);
        assertThat(positions(recent.readAfter("c", 0, 10))).containsExactly(1L);
    }

    private static EventFrame event(String channel, long position) {
        return EventFrame.encode(channel, position, "message", "e" + position);
    }

    private static List<Long> positions(List<EventFrame> events) {
        assertThat(events).isNotNull();
        return events.stream().map(EventFrame::position).toList();
    }
}
