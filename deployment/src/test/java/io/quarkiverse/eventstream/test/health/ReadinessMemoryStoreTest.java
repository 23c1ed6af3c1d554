package io.quarkiverse.eventstream.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * With smallrye-health and the default memory store, the readiness check {@code eventstream} is UP and names the store;
 * it is listed under {@code /q/health} too.
 */
public class ReadinessMemoryStoreTest {

    @RegisterExtension
    static final QuarkusUnitTest test = HealthEndpoint
            .withHealth(new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(HealthEndpoint.class)));

    @TestHTTPResource("/")
    URL base;

    @Test
    void reportsTheMemoryStoreUp() throws Exception {
        HealthEndpoint.Answer ready = HealthEndpoint.get(base, "q/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        JsonNode check = ready.check("eventstream");
        assertThat(check).as("%s", ready.body()).isNotNull();
        assertThat(check.path("status").asText()).isEqualTo("UP");
        assertThat(check.path("data").path("store").asText()).isEqualTo("memory");
        assertThat(check.path("data").path("store.status").asText()).isEqualTo("not checked");
        assertThat(check.path("data").has("bus")).isFalse();
    }

    @Test
    void isListedWithAllChecks() throws Exception {
        HealthEndpoint.Answer all = HealthEndpoint.get(base, "q/health");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.check("eventstream")).as("%s", all.body()).isNotNull();
        // a readiness check, not a liveness one: a store that is down must not get the instance restarted
        assertThat(HealthEndpoint.get(base, "q/health/live").check("eventstream")).isNull();
    }
}
