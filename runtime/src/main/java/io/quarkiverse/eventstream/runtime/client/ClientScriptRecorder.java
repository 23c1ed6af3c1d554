package io.quarkiverse.eventstream.runtime.client;

import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Creates the handlers that serve the browser client, at startup: each reads its file from the class path once.
 */
@Recorder
public class ClientScriptRecorder {

    /**
     * @return the handler of {@code quarkus.eventstream.client.path}: the ES module
     */
    public Handler<RoutingContext> module() {
        return ClientScript.load(ClientScript.MODULE_RESOURCE, "text/javascript; charset=utf-8");
    }

    /**
     * @return the handler of the module's TypeScript declarations, served beside it
     */
    public Handler<RoutingContext> declarations() {
        return ClientScript.load(ClientScript.DECLARATIONS_RESOURCE, "application/typescript; charset=utf-8");
    }
}
