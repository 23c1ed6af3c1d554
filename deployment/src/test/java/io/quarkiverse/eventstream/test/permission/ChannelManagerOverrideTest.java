package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class ChannelManagerOverrideTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class, PrivateChannels.class))
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "alice-pw")
            .overrideConfigKey("quarkus.security.users.embedded.roles.alice", "admin")
            .overrideConfigKey("quarkus.security.users.embedded.users.bob", "bob-pw");

    /** Admin-only channels and private per-user channels; every stream also gets the caller's own channel. */
    @ApplicationScoped
    public static class PrivateChannels extends DefaultChannelManager {

        @Override
        public Set<String> channelsForRequest(StreamRequest request) {
            Set<String> channels = new LinkedHashSet<>(super.channelsForRequest(request));
            if (!request.identity().isAnonymous() && request.queryParameters("mine").contains("true")) {
                channels.add("user-" + request.identity().getPrincipal().getName());
            }
            return channels;
        }

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            if (channel.startsWith("admin")) {
                return identity.hasRole("admin");
            }
            if (channel.startsWith("user-")) {
                return !identity.isAnonymous() && channel.equals("user-" + identity.getPrincipal().getName());
            }
            return true;
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    ChannelManager channelManager;

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    @Test
    void replacesTheDefaultBeanWithoutAmbiguity() {
        assertThat(channelManager.isReliable("any")).isTrue();
        assertThat(channelManager.canRead(null, "public")).isTrue();
        assertThat(channelManager).isNotExactlyInstanceOf(DefaultChannelManager.class);
    }

    @Test
    void answersAnonymousCallersWith401NamingTheDeniedChannels() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events?channel=public&channel=admin-log&channel=user-bob")) {
            assertThat(client.status()).isEqualTo(401);
            assertThat(client.body(WAIT)).isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Not allowed to read "
                    + "admin-log, user-bob\",\"channels\":[\"admin-log\",\"user-bob\"]}");
        }
        assertThat(streams.subscribers("public")).isZero();
    }

    @Test
    void answersAuthenticatedCallersWith403() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events?channel=admin-log&channel=user-alice",
                "Authorization", basic("bob", "bob-pw"))) {
            assertThat(client.status()).isEqualTo(403);
            assertThat(client.body(WAIT)).contains("\"error\":\"forbidden\"")
                    .contains("\"channels\":[\"admin-log\",\"user-alice\"]");
        }
    }

    @Test
    void streamsWhatTheIdentityMayRead() throws Exception {
        try (SseTestClient alice = SseTestClient.get(base, "/events/admin-log?mine=true",
                "Authorization", basic("alice", "alice-pw"));
                SseTestClient bob = SseTestClient.get(base, "/events/public?mine=true",
                        "Authorization", basic("bob", "bob-pw"))) {
            assertThat(alice.status()).isEqualTo(200);
            assertThat(bob.status()).isEqualTo(200);
            alice.next(WAIT);
            bob.next(WAIT);
            assertThat(streams.subscribers("user-alice")).isEqualTo(1);
            publisher.publishRaw("user-bob", "message", "for bob only");
            publisher.publishRaw("admin-log", "message", "for admins");
            assertThat(bob.nextEvent(WAIT).data()).isEqualTo("for bob only");
            assertThat(alice.nextEvent(WAIT).data()).isEqualTo("for admins");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
