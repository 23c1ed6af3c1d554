package io.quarkiverse.eventstream.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The {@code hibernate-orm} store and the {@code postgres} bus on a PostgreSQL of the test's own: UP; the database
 * stopped, DOWN with the driver's reason within the check's timeout and the bus disconnected; started again, UP.
 */
public class ReadinessHibernateOrmStoreTest {

    /** {@code quarkus.eventstream.health.store-timeout} here. */
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final QuarkusUnitTest test = HealthEndpoint
            .withHealth(new QuarkusUnitTest()
                    .withApplicationRoot(jar -> jar.addClasses(HealthEndpoint.class, ThrowawayPostgres.class)),
                    "quarkus-jdbc-postgresql-deployment", "quarkus-reactive-pg-client-deployment")
            .setBeforeAllCustomizer(ThrowawayPostgres::create)
            .setAfterAllCustomizer(ThrowawayPostgres::destroy)
            .overrideConfigKey("quarkus.eventstream.store", "hibernate-orm")
            .overrideConfigKey("quarkus.eventstream.bus", "postgres")
            .overrideConfigKey("quarkus.eventstream.health.store-timeout", "2S")
            .overrideConfigKey("quarkus.datasource.db-kind", "postgresql")
            .overrideConfigKey("quarkus.datasource.devservices.enabled", "false")
            .overrideConfigKey("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:${" + ThrowawayPostgres.PORT + "}/eventstream")
            .overrideConfigKey("quarkus.datasource.username", "eventstream")
            .overrideConfigKey("quarkus.datasource.password", "eventstream")
            // the datasource's own check would make readiness DOWN too: this test reads the eventstream check alone
            .overrideConfigKey("quarkus.datasource.health.enabled", "false")
            .overrideConfigKey("quarkus.hibernate-orm.schema-management.strategy", "drop-and-create");

    @TestHTTPResource("/")
    URL base;

    @Test
    void followsTheDatabaseDownAndUp() throws Exception {
        JsonNode up = eventstreamCheck();
        assertThat(up.path("status").asText()).as("%s", up).isEqualTo("UP");
        assertThat(up.path("data").path("store").asText()).isEqualTo("hibernate-orm");
        assertThat(up.path("data").path("store.status").asText()).isEqualTo("up");
        assertThat(up.path("data").path("bus").asText()).isEqualTo("postgres");
        assertThat(up.path("data").path("bus.connected").asBoolean()).isTrue();

        ThrowawayPostgres.stop();
        // a pooled connection may fail at its first use after the stop: the first answer may already be DOWN, never late
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            long start = System.nanoTime();
            JsonNode down = eventstreamCheck();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(STORE_TIMEOUT.plusSeconds(3));
            assertThat(down.path("status").asText()).as("%s", down).isEqualTo("DOWN");
            assertThat(down.path("data").path("store.status").asText()).startsWith("down: ");
            assertThat(down.path("data").path("bus.connected").asBoolean()).isFalse();
        });
        HealthEndpoint.Answer ready = HealthEndpoint.get(base, "q/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().toString()).doesNotContain("password=").doesNotContain("eventstream@");

        ThrowawayPostgres.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode again = eventstreamCheck();
            assertThat(again.path("status").asText()).as("%s", again).isEqualTo("UP");
            assertThat(again.path("data").path("store.status").asText()).isEqualTo("up");
            assertThat(again.path("data").path("bus.connected").asBoolean()).isTrue();
        });
    }

    private JsonNode eventstreamCheck() throws Exception {
        JsonNode check = HealthEndpoint.get(base, "q/health/ready").check("eventstream");
        assertThat(check).isNotNull();
        return check;
    }
}
