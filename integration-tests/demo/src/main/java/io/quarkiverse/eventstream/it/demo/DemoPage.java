package io.quarkiverse.eventstream.it.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.eventstream.EventPublisher;

/**
 * Renders the demo page ({@code demo-page.html} on the class path) with the cursor of "now" on the channels its streams
 * read, so that nothing published between rendering the page and its streams connecting is lost. The page's script
 * ({@code META-INF/resources/demo.js}) hands the cursor to the browser client as {@code lastEventId}.
 * <p>
 * Two placeholders, {@code {{cursor}}} and {@code {{privateCursor}}}, replaced with HTML-escaped text: a template
 * engine would do, this keeps the demo's dependencies to what the extension needs.
 */
@Path("/")
public class DemoPage {

    /** The channels of the page's main stream, {@code /events?channel=chat&channel=clock}. */
    static final String[] CHANNELS = { "chat", "clock" };

    private static final String TEMPLATE = load("demo-page.html");

    @Inject
    EventPublisher publisher;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String index() {
        return TEMPLATE.replace("{{cursor}}", Html.escape(publisher.currentEventId(CHANNELS)))
                .replace("{{privateCursor}}", Html.escape(publisher.currentEventId(DemoChannels.PRIVATE)));
    }

    private static String load(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
