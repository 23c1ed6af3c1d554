package io.quarkiverse.eventstream.runtime.http;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.eventstream.runtime.EventStreamsImpl;
import io.quarkus.arc.Arc;

/**
 * Base of the generated endpoint resources.
 */
public abstract class EndpointResource {

    private volatile EventStreamsImpl streams;

    protected static Response methodNotAllowed() {
        return Response.status(Response.Status.METHOD_NOT_ALLOWED).header("Allow", "GET, OPTIONS").build();
    }

    protected EventStreamsImpl streams() {
        EventStreamsImpl result = streams;
        if (result == null) {
            // generated resources are plain classes, not beans: look the bean up once
            result = Arc.container().instance(EventStreamsImpl.class).get();
            streams = result;
        }
        return result;
    }
}
