package io.quarkiverse.eventstream.test.devui;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkiverse.eventstream.EventPublisher;

/** Publishes through the application's {@link EventPublisher}, for tests that run outside the dev-mode application. */
@Path("/devui-test/publish")
public class DevUIPublishResource {

    @Inject
    EventPublisher publisher;

    @POST
    @Path("/{channel}")
    public long publish(@PathParam("channel") String channel, String data) {
        return publisher.publishRaw(channel, "app", data).position();
    }
}
