package io.quarkiverse.eventstream.runtime.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PathTemplatesTest {

    @Test
    void findsParametersInOrder() {
        assertThat(PathTemplates.parameters("/orgs/{org}/rooms/{room: [0-9]+}/events")).containsExactly("org", "room");
        assertThat(PathTemplates.parameters("/events")).isEmpty();
    }

    @Test
    void expandsTemplates() {
        assertThat(PathTemplates.expand("room-{room}", Map.of("room", "42"))).isEqualTo("room-42");
        assertThat(PathTemplates.expand("{org}-{room}-{org}", Map.of("org", "a$1", "room", "b\\2")))
                .isEqualTo("a$1-b\\2-a$1");
        assertThat(PathTemplates.expand("lobby", Map.of())).isEqualTo("lobby");
        assertThatThrownBy(() -> PathTemplates.expand("room-{room}", Map.of()))
                .hasMessageContaining("{room}");
    }
}
