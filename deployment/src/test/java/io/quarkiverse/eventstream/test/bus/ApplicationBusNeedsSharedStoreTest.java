package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application's own bus with the default memory store stops the build: each instance would number a channel's
 * events on its own. (The same check for {@code bus=postgres} needs the reactive client on the classpath, so it lives
 * in the {@code integration-tests/bus} module.)
 */
public class ApplicationBusNeedsSharedStoreTest {

    @RegisterExtension
    static final QuarkusUnitTest test = EventStreamTestApp.app(LoopbackBus.class)
            .assertException(failure -> assertThat(BuildFailures.messages(failure))
                    .contains("the application's own io.quarkiverse.eventstream.spi.EventBus bean")
                    .contains("needs a store that every instance shares")
                    .contains("quarkus.eventstream.store=hibernate-orm"));

    /** A bus that goes nowhere: its presence alone makes the memory store wrong. */
    @ApplicationScoped
    public static class LoopbackBus implements EventBus {

        @Override
        public CompletionStage<Void> publish(BusMessage message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void start(BusReceiver receiver) {
        }
    }

    @Test
    void failsTheBuild() {
        // the assertion is in assertException
    }
}
