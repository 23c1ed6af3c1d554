package io.quarkiverse.eventstream.runtime;

import java.util.List;

import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.runtime.config.RuntimeConfigValidation;
import io.quarkiverse.eventstream.runtime.http.GripLinkHandler;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Startup work recorded at build time.
 */
@Recorder
public class EventStreamRecorder {

    private final RuntimeValue<EventStreamRuntimeConfig> config;

    public EventStreamRecorder(RuntimeValue<EventStreamRuntimeConfig> config) {
        this.config = config;
    }

    /**
     * @return the handler that answers the requests of GRIP proxies on recovery links
     */
    public Handler<RoutingContext> gripLinks() {
        return new GripLinkHandler();
    }

    /**
     * Stops the application at startup when a run-time property has a value the extension cannot use.
     */
    public void checkConfig() {
        List<String> problems = RuntimeConfigValidation.problems(config.getValue());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid event stream configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
