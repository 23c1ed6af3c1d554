package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.ChannelManager;
import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.StreamRequest;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;

public class ChannelManagerOverrideTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(PrivateChannels.class), "alice")
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

    @Inject
    ChannelManager channelManager;

    @Test
    void replacesTheDefaultBeanWithoutAmbiguity() {
        assertThat(channelManager.isReliable("any")).isTrue();
        assertThat(channelManager.canRead(null, "public")).isTrue();
        assertThat(channelManager).isNotExactlyInstanceOf(DefaultChannelManager.class);
    }

    @Test
    void answersAnonymousCallersWith401NamingTheDeniedChannels() throws Exception {
        try (SseTestClient client = open("/events?channel=public&channel=admin-log&channel=user-bob")) {
            assertThat(client.status()).isEqualTo(401);
            assertThat(client.body(WAIT)).isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Not allowed to read "
                    + "admin-log, user-bob\",\"channels\":[\"admin-log\",\"user-bob\"]}");
        }
        assertThat(streams.subscribers("public")).isZero();
    }

    @Test
    void answersAuthenticatedCallersWith403() throws Exception {
        try (SseTestClient client = open("/events?channel=admin-log&channel=user-alice",
                "Authorization", basic("bob"))) {
            assertThat(client.status()).isEqualTo(403);
            assertThat(client.body(WAIT)).contains("\"error\":\"forbidden\"")
                    .contains("\"channels\":[\"admin-log\",\"user-alice\"]");
        }
    }

    @Test
    void streamsWhatTheIdentityMayRead() throws Exception {
        try (SseTestClient alice = open("/events/admin-log?mine=true",
                "Authorization", basic("alice"));
                SseTestClient bob = open("/events/public?mine=true",
                        "Authorization", basic("bob"))) {
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

}
