package io.quarkiverse.eventstream.runtime.http;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.eventstream.runtime.wire.ErrorBodies;
import io.quarkus.arc.Arc;

/**
 * Base of the generated endpoint resources: {@code GET} streams, {@code OPTIONS} answers CORS preflights, every other
 * method is refused with {@code 405} and {@code Allow: GET, OPTIONS}.
 */
public abstract class EndpointResource {

    private volatile SseResponder responder;

    /**
     * Refuses a method no resource method declares ({@code POST}, {@code PUT}, {@code DELETE}, {@code TRACE}, unknown
     * ones). JAX-RS has no annotation for "any other method"; Quarkus REST hands such a request to a sub-resource
     * locator whose path matches, so each endpoint declares one per path, with exactly the path of its {@code GET}
     * method: for {@code GET}, {@code HEAD} and {@code OPTIONS} the resource method of the same path takes precedence.
     */
    protected static Object refuseOtherMethods() {
        throw new WebApplicationException(methodNotAllowed());
    }

    protected static Response methodNotAllowed() {
        return Response.status(Response.Status.METHOD_NOT_ALLOWED).header("Allow", "GET, OPTIONS")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBodies.httpError("method-not-allowed", "Event streams answer GET and OPTIONS only",
                        List.of()))
                .build();
    }

    protected SseResponder responder() {
        SseResponder result = responder;
        if (result == null) {
            // generated resources are plain classes, not beans: look the bean up once
            result = Arc.container().instance(SseResponder.class).get();
            responder = result;
        }
        return result;
    }
}
