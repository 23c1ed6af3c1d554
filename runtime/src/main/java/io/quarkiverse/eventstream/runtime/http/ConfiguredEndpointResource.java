package io.quarkiverse.eventstream.runtime.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * A configured endpoint ({@code quarkus.eventstream.endpoints."<name>"}). The build generates one subclass per
 * endpoint, annotated with {@code @Path(<its path>)}, that returns the endpoint's name.
 */
public abstract class ConfiguredEndpointResource extends EndpointResource {

    /**
     * @return the endpoint's name in the configuration
     */
    protected abstract String endpointName();

    /**
     * {@code GET <path>}: the endpoint's channels.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context UriInfo uriInfo, @Context SseEventSink sink) {
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : uriInfo.getPathParameters(true).entrySet()) {
            parameters.put(parameter.getKey(), parameter.getValue().get(0));
        }
        responder().openEndpoint(endpointName(), Map.copyOf(parameters), sink);
    }

    /**
     * {@code HEAD} would open a stream with no body to write it to: refused like the other methods.
     */
    @HEAD
    public Response head() {
        return methodNotAllowed();
    }

    /**
     * Any other method: {@code 405}.
     */
    @Path("")
    public Object otherMethods() {
        return refuseOtherMethods();
    }

    /**
     * CORS preflight of {@code GET <path>}.
     */
    @OPTIONS
    public Response preflight() {
        return responder().preflight();
    }
}
