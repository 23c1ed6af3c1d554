package io.quarkiverse.eventstream.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.spi.StoredEvent;

class MemoryEventStoreTest {

    @Test
    void keepsTheLastEventsOfEachChannelAndNeverReusesAPosition() {
        MemoryEventStore store = new MemoryEventStore(5);
        for (int i = 1; i <= 12; i++) {
            assertThat(store.append("c", "t", "e" + i).position()).isEqualTo(i);
        }
        assertThat(store.currentPosition("c")).isEqualTo(12);
        assertThat(store.oldestPosition("c")).isEqualTo(8);
        assertThat(store.readAfter("c", 9, 2)).extracting(StoredEvent::data).containsExactly("e10", "e11");
        assertThat(store.readAfter("c", 0, 100)).extracting(StoredEvent::position).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(store.readAfter("c", 12, 100)).isEmpty();
        assertThat(store.readAfter("unknown", 0, 100)).isEmpty();
    }

    @Test
    void purgesByAgeInBatchesAndKeepsCountingAfterwards() {
        MemoryEventStore store = new MemoryEventStore(100);
        for (int i = 1; i <= 30; i++) {
            store.append("c" + (i % 3), "t", "e" + i);
        }
        Instant future = Instant.now().plusSeconds(60);
        assertThat(store.deleteOlderThan(future, 7)).isEqualTo(7);
        assertThat(store.deleteOlderThan(future, 100)).isEqualTo(23);
        assertThat(store.deleteOlderThan(future, 100)).isZero();
        assertThat(store.oldestPosition("c1")).isZero();
        assertThat(store.currentPosition("c1")).isEqualTo(10);
        assertThat(store.append("c1", "t", "again").position()).isEqualTo(11);
        assertThat(store.readAfter("c1", 0, 10)).extracting(StoredEvent::data).isEqualTo(List.of("again"));
    }
}
