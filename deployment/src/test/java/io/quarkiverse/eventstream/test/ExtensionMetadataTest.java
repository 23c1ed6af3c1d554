package io.quarkiverse.eventstream.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The extension's descriptor, as the extension plugin generated it into the runtime jar: what the Dev UI card, the
 * extension catalog and {@code quarkus ext list} show.
 */
class ExtensionMetadataTest {

    @Test
    void theDescriptorDescribesThisExtensionRatherThanTheParentPom() throws IOException {
        String descriptor = descriptor();
        assertThat(descriptor).contains("name: \"Event Stream\"")
                .contains("description: \"Server-Sent Events on named channels")
                .doesNotContain("Parent POM")
                .contains("guide: \"https://docs.quarkiverse.io/quarkus-eventstream/dev/index.html\"")
                .containsPattern("categories:\\n  - \"web\"\\n")
                .contains("status: \"experimental\"")
                .containsPattern("keywords:\\n(  - \"[a-z-]+\"\\n)*  - \"sse\"\\n");
    }

    private static String descriptor() throws IOException {
        List<String> ours = new ArrayList<>();
        for (URL url : Collections.list(
                ExtensionMetadataTest.class.getClassLoader().getResources("META-INF/quarkus-extension.yaml"))) {
            try (InputStream in = url.openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains("provides:\n    - \"io.quarkiverse.eventstream\"")) {
                    ours.add(text);
                }
            }
        }
        assertThat(ours).as("the descriptor of io.quarkiverse.eventstream:quarkus-eventstream").hasSize(1);
        return ours.get(0);
    }
}
