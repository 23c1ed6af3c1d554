package org.acme.eventstream;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code POST /stream-token}, authenticated like any other API call (a bearer token in {@code Authorization}), returns
 * a token that opens one event stream.
 */
@Path("/stream-token")
@Authenticated
public class StreamTokenResource {

    @Inject
    StreamTokens tokens;

    @Inject
    SecurityIdentity identity;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String issue() {
        return tokens.issue(identity);
    }
}
