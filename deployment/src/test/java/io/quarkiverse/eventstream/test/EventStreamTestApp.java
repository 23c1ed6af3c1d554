package io.quarkiverse.eventstream.test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.inject.Inject;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The base of the deployment tests: an application with the extension and the raw test client, the beans a test talks
 * to, and helpers. A test declares
 *
 * <pre>
 * &#64;RegisterExtension
 * static final QuarkusUnitTest test = EventStreamTestApp.app(MyChannelManager.class)
 *         .overrideConfigKey("quarkus.eventstream.max-channels", "3");
 * </pre>
 */
public abstract class EventStreamTestApp {

    /** The bound of every wait on a stream. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    protected URL base;

    @Inject
    protected EventPublisher publisher;

    @Inject
    protected EventStreams streams;

    /**
     * @param classes the application's own classes (channel managers, resources, stores)
     * @return an application with the extension, the test client, this base and {@code classes}
     */
    public static QuarkusUnitTest app(Class<?>... classes) {
        return new QuarkusUnitTest().withApplicationRoot(jar -> jar
                .addClasses(SseTestClient.class, EventStreamTestApp.class).addClasses(classes));
    }

    /**
     * Adds HTTP Basic authentication with embedded users; each user's password is its name followed by {@code -pw}.
     */
    public static QuarkusUnitTest withUsers(QuarkusUnitTest app, String... users) {
        app.overrideConfigKey("quarkus.http.auth.basic", "true")
                .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
                .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true");
        for (String user : users) {
            app.overrideConfigKey("quarkus.security.users.embedded.users." + user, user + "-pw");
        }
        return app;
    }

    /** The {@code Authorization} header of a user of {@link #withUsers}. */
    protected static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
    }

    /** Opens {@code GET pathAndQuery} with the given header name/value pairs. */
    protected SseTestClient open(String pathAndQuery, String... headerPairs) throws Exception {
        return SseTestClient.get(base, pathAndQuery, headerPairs);
    }
}
