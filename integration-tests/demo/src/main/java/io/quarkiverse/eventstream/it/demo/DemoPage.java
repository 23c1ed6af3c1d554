package io.quarkiverse.eventstream.it.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Renders the demo page ({@code templates/DemoPage/index.html}) with the cursor of "now" on the channels its streams
 * read, so that nothing published between rendering the page and its streams connecting is lost.
 */
@Path("/")
public class DemoPage {

    /** The channels of the page's main stream, {@code /events?channel=chat&channel=clock}. */
    static final String[] CHANNELS = { "chat", "clock" };

    @CheckedTemplate
    static class Templates {

        /**
         * @param cursor the cursor of "now" on {@link #CHANNELS}
         * @param privateCursor the cursor of "now" on the {@code private} channel
         */
        static native TemplateInstance index(String cursor, String privateCursor);
    }

    @Inject
    EventPublisher publisher;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        return Templates.index(publisher.currentEventId(CHANNELS), publisher.currentEventId(DemoChannels.PRIVATE));
    }
}
