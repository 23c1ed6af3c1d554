package io.quarkiverse.eventstream.runtime.http;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.grip.GripLinks;
import io.quarkiverse.eventstream.runtime.grip.GripResponder;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers the requests a GRIP proxy makes on a held stream's recovery link ({@code ?es-link=...}), on any path, before
 * the application's authentication and authorization: the proxy sends no credentials there, the link carries the
 * stream's identity, signed by the application, and the request's {@code Grip-Sig} shows it comes from the proxy. Any
 * other request, and a link request whose {@code Grip-Sig} does not verify, goes on to the routes as usual.
 */
public class GripLinkHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(GripLinkHandler.class);

    private volatile GripResponder responder;

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.method() != HttpMethod.GET || request.getHeader("Grip-Sig") == null) {
            rc.next();
            return;
        }
        String token = request.getParam(GripLinks.LINK_PARAMETER);
        GripResponder grip = token == null ? null : responder();
        if (grip == null || !grip.proxied(request)) {
            rc.next();
            return;
        }
        String path = request.path();
        String cursor = request.getParam(GripLinks.CURSOR_PARAMETER);
        var lastIds = request.headers().getAll("Grip-Last");
        // the application's channel manager and the store may block
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            HttpServerResponse response = rc.response();
            try {
                GripResponder.Answer answer = grip.recover(path, token, cursor, lastIds);
                response.setStatusCode(answer.status());
                answer.headers().forEach((name, values) -> response.headers().add(name, values));
                response.end(answer.body());
            } catch (RuntimeException e) {
                LOG.warn("Answering a GRIP recovery link failed", e);
                if (!response.ended()) {
                    // the proxy tries again, then ends the stream, and the client resumes
                    response.setStatusCode(500).end();
                }
            }
        });
    }

    private GripResponder responder() {
        GripResponder result = responder;
        if (result == null) {
            result = Arc.container().instance(GripResponder.class).get();
            responder = result;
        }
        return result.answersProxies() ? result : null;
    }
}
