package io.quarkiverse.eventstream.test.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class HostileDataTest extends EventStreamTestApp {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final QuarkusUnitTest test = app();

    @Test
    void deliversAnyPayloadExactly() throws Exception {
        Random random = new Random(11);
        StringBuilder big = new StringBuilder(1024 * 1024);
        while (big.length() < 1024 * 1024) {
            big.append((char) (0x20 + random.nextInt(0x7000)));
        }
        String[] payloads = { "lone\rcarriage return", "line\u2028separator\u2029paragraph",
                "\u0001\u0002\u001b[31mescape", "trailing newline\n", " leading space", "data: fake\n\nevent: forged",
                big.toString() };
        try (SseTestClient client = open("/events/hostile")) {
            client.next(WAIT);
            for (String payload : payloads) {
                publisher.publishRaw("hostile", "message", payload);
                String expected = payload.replace("\r\n", "\n").replace('\r', '\n');
                SseTestClient.Block block = client.nextEvent(WAIT);
                assertThat(block.type()).isEqualTo("message");
                assertThat(block.data()).isEqualTo(expected);
            }
        }
    }

    @Test
    void refusesHugeHeadersWithoutOpeningAStream() throws Exception {
        try (SseTestClient client = open("/events/hostile", "X-Padding", "x".repeat(64 * 1024))) {
            assertThat(client.status()).isEqualTo(431);
        }
    }
}
