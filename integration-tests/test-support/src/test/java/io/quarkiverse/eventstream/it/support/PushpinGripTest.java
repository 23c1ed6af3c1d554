package io.quarkiverse.eventstream.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.GripBackend.Reply;
import io.quarkiverse.eventstream.it.support.GripBackend.Request;

/**
 * What the installed Pushpin (1.36) does with the GRIP features the extension relies on: ids built by the
 * {@code build-id} filter, recovery through the next link, paging, hints and close. Each test uses a channel and a path
 * of its own.
 * <p>
 * Pushpin requests the next link of every held stream about 1.1 s after it subscribes to a channel it had no
 * subscription for (one second to cover what was published while its SUB socket was subscribing, then the update
 * limiter's batch); the tests that use a next link wait for that request before they publish.
 */
class PushpinGripTest extends PushpinFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);
    // Pushpin holds an item whose prev-id it has not seen for message_wait (5 s), checked every second
    private static final Duration GAP_WAIT = Duration.ofSeconds(15);

    @Test
    void buildIdFormatsTheIdAndAGapMakesPushpinRecoverThroughTheNextLink() throws Exception {
        // the next link answers with what the client missed after Grip-Last's id, and holds again from there
        backend.on("/build-id", request -> {
            String last = request.header("Grip-Last");
            String lastId = last == null ? "0" : last.substring(last.indexOf("last-id=") + "last-id=".length());
            String body = last == null ? "event: stream-open\ndata:\n\n"
                    : lastId.equals("0") ? "" : "event: recovered\ndata: after " + lastId + "\n\n";
            return Reply.of(body,
                    "Content-Type", "text/event-stream",
                    "Grip-Hold", "stream",
                    "Grip-Channel", "gap; prev-id=" + lastId + "; filter=build-id",
                    "Grip-Set-Meta", "id_format=\"E.k~%(gap)s\"",
                    "Grip-Link", "</build-id?next=1>; rel=next");
        });
        try (LineStream stream = LineStream.open(pushpin.uri("/build-id"))) {
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            assertThat(backend.nextRequest("/build-id", WAIT).header("Grip-Last")).isNull();
            Request subscribed = backend.nextRequest("/build-id", WAIT);
            assertThat(subscribed.uri().getQuery()).isEqualTo("next=1");
            assertThat(subscribed.header("Grip-Last")).isEqualTo("gap; last-id=0");

            publish("gap", "1", "0", "id: %I\\nevent: message\\ndata: 50%% off\\n\\n");
            // %I is the id_format with the channel's last id; %% is a literal percent sign
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: message", "data: 50% off");
            assertThat(stream.lastId()).isEqualTo("E.k~1");

            // id 2 never comes: Pushpin waits for it, then asks the application from the last id the client has
            publish("gap", "3", "2", "id: %I\\nevent: message\\ndata: three\\n\\n");
            Request recovery = backend.nextRequest("/build-id", GAP_WAIT);
            System.out.println("Pushpin's request after a gap: " + recovery);
            assertThat(recovery.uri().toString()).isEqualTo("/build-id?next=1");
            assertThat(recovery.header("Grip-Last")).isEqualTo("gap; last-id=1");
            assertThat(recovery.header("Grip-Sig")).isNotNull();
            // the client's own headers are not sent again
            assertThat(recovery.header("User-Agent")).isNull();
            // the item after the gap is dropped: the next link's answer is what the client gets
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: recovered", "data: after 1");
        }
    }

    @Test
    void aResponseWithANextLinkAndNoHoldIsFollowedPageByPage() throws Exception {
        backend.on("/page", request -> {
            String page = request.uri().getQuery() == null ? "1" : request.uri().getQuery().substring("p=".length());
            String body = "event: page\ndata: " + page + "\n\n";
            return page.equals("3") ? Reply.of(body, "Content-Type", "text/event-stream")
                    : Reply.of(body, "Content-Type", "text/event-stream",
                            "Grip-Link", "</page?p=" + (Integer.parseInt(page) + 1) + ">; rel=next");
        });
        try (LineStream stream = LineStream.open(pushpin.uri("/page"))) {
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: page", "data: 1");
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: page", "data: 2");
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: page", "data: 3");
            assertThat(stream.awaitEnd(WAIT)).isTrue();
        }
        assertThat(backend.nextRequest("/page", WAIT).uri().toString()).isEqualTo("/page");
        assertThat(backend.nextRequest("/page", WAIT).uri().toString()).isEqualTo("/page?p=2");
        assertThat(backend.nextRequest("/page", WAIT).uri().toString()).isEqualTo("/page?p=3");
    }

    @Test
    void aHintThatPassesRequireSubFetchesTheNextLinkAndAnAnswerWithoutHoldEndsTheStream() throws Exception {
        AtomicBoolean hinted = new AtomicBoolean();
        backend.on("/hint", request -> {
            if (hinted.get()) {
                return Reply.of("event: hinted\ndata: fetched\n\n", "Content-Type", "text/event-stream");
            }
            List<String> headers = new ArrayList<>(List.of("Content-Type", "text/event-stream",
                    "Grip-Hold", "stream",
                    "Grip-Channel", "user-x; filter=require-sub",
                    "Grip-Channel", "hint-test",
                    "Grip-Link", "</hint?next=1>; rel=next"));
            return Reply.of(request.uri().getQuery() == null ? "event: stream-open\ndata:\n\n" : "",
                    headers.toArray(String[]::new));
        });
        try (LineStream stream = LineStream.open(pushpin.uri("/hint"))) {
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            backend.nextRequest("/hint", WAIT);
            assertThat(backend.nextRequest("/hint", WAIT).uri().getQuery()).isEqualTo("next=1");

            hinted.set(true);
            assertThat(pushpin.publish("{\"items\":[{\"channel\":\"user-x\",\"meta\":{\"require_sub\":\"hint-test\"},"
                    + "\"formats\":{\"http-stream\":{\"action\":\"hint\"}}}]}").statusCode()).isEqualTo(200);
            assertThat(backend.nextRequest("/hint", WAIT).uri().getQuery()).isEqualTo("next=1");
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: hinted", "data: fetched");
            assertThat(stream.awaitEnd(WAIT)).isTrue();
        }
    }

    @Test
    void aCloseActionEndsTheStream() throws Exception {
        backend.on("/close", request -> Reply.of("event: stream-open\ndata:\n\n",
                "Content-Type", "text/event-stream",
                "Grip-Hold", "stream",
                "Grip-Channel", "close-test"));
        try (LineStream stream = LineStream.open(pushpin.uri("/close"))) {
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            assertThat(pushpin.publish("{\"items\":[{\"channel\":\"close-test\","
                    + "\"formats\":{\"http-stream\":{\"action\":\"close\"}}}]}").statusCode()).isEqualTo(200);
            assertThat(stream.awaitEnd(WAIT)).isTrue();
        }
    }

    private void publish(String channel, String id, String prevId, String content) throws Exception {
        String json = "{\"items\":[{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"prev-id\":\"" + prevId
                + "\",\"formats\":{\"http-stream\":{\"content\":\"" + content
                + "\",\"content-filters\":[\"build-id\"]}}}]}";
        assertThat(pushpin.publish(json).statusCode()).isEqualTo(200);
    }
}
