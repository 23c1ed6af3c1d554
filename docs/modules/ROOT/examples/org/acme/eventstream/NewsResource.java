package org.acme.eventstream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /news} with a plain-text title publishes a headline.
 */
@Path("/news")
public class NewsResource {

    @Inject
    NewsService news;

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    public void post(String title) {
        news.headline(new NewsService.Headline(title));
    }
}
