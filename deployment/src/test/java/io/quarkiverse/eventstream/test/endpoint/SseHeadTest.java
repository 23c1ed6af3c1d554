package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/**
 * What the extension relies on from Quarkus REST (see ConnectionAdapter): a head written before the resource method
 * returns is the head the client gets, and Quarkus REST neither writes its own nor complains. If a Quarkus upgrade
 * changes that, this fails.
 */
public class SseHeadTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue()
                    && !record.getLoggerName().startsWith("io.quarkus.agroal")
                    && !record.getLoggerName().startsWith("io.quarkus.datasource"))
            .assertLogRecords(records -> assertThat(records).isEmpty());

    @Test
    void theClientGetsTheExtensionsHeadThenItsFrames() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (SseTestClient client = open("/events/head")) {
                assertThat(client.status()).isEqualTo(200);
                assertThat(client.headers().get("content-type")).containsExactly("text/event-stream");
                assertThat(client.headers().get("cache-control")).containsExactly("no-cache");
                assertThat(client.headers().get("x-accel-buffering")).containsExactly("no");
                assertThat(client.header("transfer-encoding")).isEqualTo("chunked");
                assertThat(client.header("content-length")).isNull();
                // the body starts with the extension's first frame, nothing of Quarkus REST before it
                assertThat(client.next(WAIT).raw()).startsWith("id: ").contains("\nevent: stream-open\ndata:\n\n");
            }
        }
    }
}
