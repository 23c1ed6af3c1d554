package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A bus with the per-instance memory store would give one channel different positions on each instance: the build
 * stops and says why.
 */
public class OwnBusWithMemoryStoreTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SomeBus.class))
            .assertException(failure -> {
                Throwable cause = failure;
                while (cause != null && !cause.getMessage().contains("needs a store that every instance shares")) {
                    cause = cause.getCause();
                }
                assertThat(cause).as("the build failure names the store problem: " + failure).isNotNull();
                assertThat(cause.getMessage()).contains("quarkus.eventstream.store=hibernate-orm");
            });

    @Singleton
    public static class SomeBus implements EventBus {
        @Override
        public CompletionStage<Void> publish(BusMessage message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void start(BusReceiver receiver) {
        }
    }

    @Test
    void buildFails() {
        // assertException checks the failure
    }
}
