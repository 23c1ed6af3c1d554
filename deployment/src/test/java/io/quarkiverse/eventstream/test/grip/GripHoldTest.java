package io.quarkiverse.eventstream.test.grip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The answers for a GRIP proxy, byte by byte, without a proxy: a request whose {@code Grip-Sig} verifies gets the
 * hold ({@code Grip-} headers, a complete body), and the recovery link it names answers from the positions the proxy
 * reports. The real Pushpin runs in {@code integration-tests/bus} ({@code GripIT}).
 */
public class GripHoldTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(GripSignatures.class, Grants.class), "alice")
            .overrideConfigKey("quarkus.eventstream.grip.verify-key", GripSignatures.KEY)
            .overrideConfigKey("quarkus.eventstream.grip.verify-issuer", "pushpin")
            // nothing listens there: publishes are retried in the background, which these tests do not read
            .overrideConfigKey("quarkus.eventstream.grip.proxies.test.control-uri", "http://127.0.0.1:9")
            .overrideConfigKey("quarkus.eventstream.grip.recovery-interval", "90S")
            .overrideConfigKey("quarkus.eventstream.replay.page-size", "3");

    private static final Pattern LINK = Pattern.compile("<(/[^>]*)>; rel=next(; timeout=(\\d+))?");

    /** {@code private-*} channels are read by the principals granted them. */
    @ApplicationScoped
    public static class Grants extends DefaultChannelManager {

        // static: a test reaches the bean through its client proxy, which has fields of its own
        static final Set<String> granted = ConcurrentHashMap.newKeySet();

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            return !channel.startsWith("private-")
                    || !identity.isAnonymous() && granted.contains(identity.getPrincipal().getName() + "/" + channel);
        }
    }

    @Test
    void aSignedRequestGetsAHoldThatNamesTheChannelsTheirPositionsAndTheLink() throws Exception {
        publisher.publish("held", "message", "one");
        publisher.publish("held", "message", "two");
        String cursor = publisher.currentEventId("held");
        try (SseTestClient client = open("/events/held", "Grip-Sig", GripSignatures.valid())) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).isEqualTo("text/event-stream");
            // the proxy passes them on: a buffering proxy in front of it (nginx) must not hold the events back
            assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(client.header("Grip-Hold")).isEqualTo("stream");
            assertThat(client.headers().get("grip-channel")).containsExactly(
                    "events-held; prev-id=2; filter=build-id", "events-#anonymous; filter=require-sub");
            String epoch = cursor.substring(0, cursor.indexOf('.'));
            String key = cursor.substring(cursor.indexOf('.') + 1, cursor.indexOf('~'));
            assertThat(client.header("Grip-Set-Meta")).isEqualTo("id_format=\"" + epoch + "." + key + "~%(events-held)s\"");
            assertThat(client.header("Grip-Keep-Alive")).isEqualTo(
                    Base64.getEncoder().encodeToString(":\n".getBytes()) + "; format=base64; timeout=20");
            Matcher link = LINK.matcher(client.header("Grip-Link"));
            assertThat(link.matches()).as(client.header("Grip-Link")).isTrue();
            assertThat(link.group(1)).startsWith("/events/held?es-link=");
            assertThat(link.group(3)).isEqualTo("90");
            // a complete body: the stream opens at "now"
            assertThat(client.body(WAIT)).isEqualTo("id: " + cursor + "\nevent: stream-open\ndata:\n\n");
        }
    }

    @Test
    void theHoldReplaysFromTheClientsCursorAndEscapesPercentForTheProxy() throws Exception {
        String start = publisher.currentEventId("replayed");
        publisher.publish("replayed", "message", "50%");
        try (SseTestClient client = open("/events/replayed", "Grip-Sig", GripSignatures.valid(), "Last-Event-ID",
                start)) {
            String after = publisher.currentEventId("replayed");
            assertThat(client.body(WAIT)).isEqualTo("id: " + start + "\nevent: stream-open\ndata:\n\n"
                    + "id: " + after + "\nevent: message\ndata: \"50%%\"\n\n");
            assertThat(client.headers().get("grip-channel")).contains("events-replayed; prev-id=1; filter=build-id");
        }
    }

    @Test
    void aLongReplayPagesThroughTheLinkBeforeTheHold() throws Exception {
        String start = publisher.currentEventId("paged");
        for (int i = 1; i <= 5; i++) {
            publisher.publish("paged", "message", i);
        }
        String link;
        try (SseTestClient first = open("/events/paged", "Grip-Sig", GripSignatures.valid(), "Last-Event-ID", start)) {
            // three events (the page), no hold: the proxy follows the link at once
            assertThat(events(first.body(WAIT))).containsExactly("1", "2", "3");
            assertThat(first.header("Grip-Hold")).isNull();
            Matcher matcher = LINK.matcher(first.header("Grip-Link"));
            assertThat(matcher.matches()).isTrue();
            assertThat(matcher.group(2)).isNull();
            link = matcher.group(1);
            assertThat(link).contains("&es-cursor=");
        }
        try (SseTestClient next = open(link, "Grip-Sig", GripSignatures.valid())) {
            String body = next.body(WAIT);
            assertThat(body).doesNotContain("stream-open");
            assertThat(events(body)).containsExactly("4", "5");
            assertThat(next.header("Grip-Hold")).isEqualTo("stream");
            assertThat(next.headers().get("grip-channel")).contains("events-paged; prev-id=5; filter=build-id");
        }
    }

    @Test
    void theLinkReplaysFromThePositionTheProxyReports() throws Exception {
        publisher.publish("recovered", "message", "a");
        String link = holdLink("/events/recovered");
        publisher.publish("recovered", "message", "b");
        publisher.publish("recovered", "message", "c");
        // the proxy saw position 1 and an item whose prev-id was 2: it asks from 1
        try (SseTestClient recovery = open(link, "Grip-Sig", GripSignatures.valid(), "Grip-Last",
                "events-recovered; last-id=1")) {
            assertThat(events(recovery.body(WAIT))).containsExactly("\"b\"", "\"c\"");
            assertThat(recovery.headers().get("grip-channel")).contains("events-recovered; prev-id=3; filter=build-id");
        }
    }

    @Test
    void aLinkWithoutAValidGripSigIsAnOrdinaryRequest() throws Exception {
        String link = holdLink("/events/unsigned");
        try (SseTestClient direct = open(link)) {
            assertThat(direct.header("Grip-Hold")).isNull();
            assertThat(direct.next(WAIT).type()).isEqualTo("stream-open");
            publisher.publish("unsigned", "message", "live");
            assertThat(direct.nextEvent(WAIT).data()).isEqualTo("\"live\"");
        }
    }

    @Test
    void aLinkThatWasTamperedWithEndsTheHeldStream() throws Exception {
        String link = holdLink("/events/tampered");
        String tampered = link.replace("es-link=ey", "es-link=eX");
        try (SseTestClient recovery = open(tampered, "Grip-Sig", GripSignatures.valid())) {
            assertThat(recovery.status()).isEqualTo(200);
            assertThat(recovery.header("Grip-Hold")).isNull();
            assertThat(recovery.header("Grip-Link")).isNull();
            assertThat(recovery.body(WAIT)).isEmpty();
        }
    }

    @Test
    void theLinkChecksThePermissionAgainForTheIdentityThatOpenedTheStream() throws Exception {
        Grants.granted.add("alice/private-room");
        String link;
        try (SseTestClient hold = open("/events/private-room", "Grip-Sig", GripSignatures.valid(), "Authorization",
                basic("alice"))) {
            assertThat(hold.status()).as(hold.received()).isEqualTo(200);
            assertThat(hold.headers().get("grip-channel")).hasSize(2).last().asString()
                    .startsWith("events-#u").endsWith("; filter=require-sub");
            link = linkOf(hold);
        }
        // still granted: held again, without credentials (the proxy sends none)
        try (SseTestClient recovery = open(link, "Grip-Sig", GripSignatures.valid())) {
            assertThat(recovery.header("Grip-Hold")).isEqualTo("stream");
        }
        Grants.granted.remove("alice/private-room");
        try (SseTestClient recovery = open(link, "Grip-Sig", GripSignatures.valid())) {
            assertThat(recovery.header("Grip-Hold")).isNull();
            assertThat(recovery.body(WAIT)).startsWith("event: stream-error\ndata: {\"condition\":\"forbidden\"")
                    .contains("\"channels\":[\"private-room\"]");
        }
    }

    @Test
    void refusalsAreTheSameForAProxy() throws Exception {
        try (SseTestClient anonymous = open("/events/private-x", "Grip-Sig", GripSignatures.valid());
                SseTestClient direct = open("/events/private-x")) {
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.body(WAIT)).isEqualTo(direct.body(WAIT));
        }
    }

    private String holdLink(String path) throws Exception {
        try (SseTestClient hold = open(path, "Grip-Sig", GripSignatures.valid())) {
            return linkOf(hold);
        }
    }

    private static String linkOf(SseTestClient hold) {
        Matcher matcher = LINK.matcher(hold.header("Grip-Link"));
        assertThat(matcher.matches()).as(hold.header("Grip-Link")).isTrue();
        return matcher.group(1);
    }

    private static List<String> events(String body) {
        return Pattern.compile("\ndata: ([^\n]*)\n\n").matcher(body).results().map(m -> m.group(1))
                .filter(data -> !data.isEmpty()).toList();
    }
}
