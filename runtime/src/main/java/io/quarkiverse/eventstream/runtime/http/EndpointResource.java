package io.quarkiverse.eventstream.runtime.http;

import jakarta.ws.rs.core.Response;

import io.quarkus.arc.Arc;

/**
 * Base of the generated endpoint resources.
 */
public abstract class EndpointResource {

    private volatile SseResponder responder;

    protected static Response methodNotAllowed() {
        return Response.status(Response.Status.METHOD_NOT_ALLOWED).header("Allow", "GET, OPTIONS").build();
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
