package io.quarkiverse.eventstream.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import jakarta.enterprise.inject.Any;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * {@code quarkus.eventstream.health.enabled=false}: smallrye-health answers, without the {@code eventstream} check.
 */
public class ReadinessDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest test = HealthEndpoint
            .withHealth(new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(HealthEndpoint.class)))
            .overrideConfigKey("quarkus.eventstream.health.enabled", "false");

    @TestHTTPResource("/")
    URL base;

    @Test
    void registersNoCheck() throws Exception {
        HealthEndpoint.Answer ready = HealthEndpoint.get(base, "q/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("status").asText()).isEqualTo("UP");
        assertThat(ready.check("eventstream")).as("%s", ready.body()).isNull();
        assertThat(HealthEndpoint.get(base, "q/health").check("eventstream")).isNull();
        assertThat(Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE))
                .noneMatch(bean -> bean.getBeanClass().getName().contains("EventStreamReadinessCheck"));
    }
}
