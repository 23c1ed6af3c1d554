package io.quarkiverse.eventstream.runtime.grip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.ChannelEvent;

class GripNamesTest {

    private final GripNames names = new GripNames("events-");

    @Test
    void keepsSafeNamesReadableAndHashesTheOthers() {
        assertThat(names.channel("room-1")).isEqualTo("events-room-1");
        assertThat(names.channel("user:42/inbox")).isEqualTo("events-user:42/inbox");
        // a ; or , would split the Grip-Channel header, a ) would end the id template
        for (String unsafe : new String[] { "a;b", "a,b", "a)b", "caf\u00e9", "a b", "a=b", "a\"b", "#x" }) {
            assertThat(names.channel(unsafe)).startsWith("events-#").hasSize("events-#".length() + 22)
                    .isNotEqualTo(names.channel(unsafe + "x"));
        }
    }

    @Test
    void identityChannelsNeverMeetEventChannels() {
        assertThat(names.identity(null)).isEqualTo("events-#anonymous");
        assertThat(names.identity("alice")).startsWith("events-#u").isNotEqualTo(names.identity("bob"));
        assertThat(names.identity("alice")).isNotEqualTo(names.channel("alice"));
    }

    @Test
    void aStoredEventCarriesItsPositionsAndEscapesPercentForTheIdFilter() {
        String item = GripPublisher.item(names, new ChannelEvent("room", "message", "50% off\nnow", 7));
        assertThat(item).isEqualTo("{\"channel\":\"events-room\",\"id\":\"7\",\"prev-id\":\"6\",\"formats\":"
                + "{\"http-stream\":{\"content\":\"id: %I\\nevent: message\\ndata: 50%% off\\ndata: now\\n\\n\","
                + "\"content-filters\":[\"build-id\"]}}}");
    }

    @Test
    void anEventThatIsNotStoredCarriesNoIdAndNoFilter() {
        String item = GripPublisher.item(names, new ChannelEvent("live", "tick", "100%", 0));
        assertThat(item).isEqualTo("{\"channel\":\"events-live\",\"formats\":{\"http-stream\":"
                + "{\"content\":\"event: tick\\ndata: 100%\\n\\n\"}}}");
    }
}
