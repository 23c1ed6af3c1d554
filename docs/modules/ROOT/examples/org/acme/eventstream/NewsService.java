package org.acme.eventstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.EventPublisher;
import io.smallrye.mutiny.Uni;

/**
 * Publishes news to the {@code news} channel.
 */
@ApplicationScoped
public class NewsService {

    // tag::publish[]
    /**
     * The payload of a {@code headline} event, sent as JSON.
     */
    public record Headline(String title) {
    }

    @Inject
    EventPublisher publisher;

    public void headline(Headline headline) {
        // event: headline
        // data: {"title":"..."}
        publisher.publish("news", "headline", headline);
    }
    // end::publish[]

    // tag::raw[]
    public void fragment(String html) {
        // sent as it is: one data: line per line of html
        publisher.publishRaw("news", "fragment", html);
    }
    // end::raw[]

    // tag::async[]
    public Uni<ChannelEvent> headlineAsync(Headline headline) {
        // nothing is published until the returned Uni is subscribed to
        return publisher.publishAsync("news", "headline", headline);
    }
    // end::async[]
}
