package io.quarkiverse.eventstream.runtime.admission;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkiverse.eventstream.StreamRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * A {@link StreamRequest} over the Vert.x request.
 */
public final class StreamRequestImpl implements StreamRequest {

    private final RoutingContext routingContext;
    private final Optional<String> endpoint;
    private final List<String> endpointChannels;
    private final Map<String, String> pathParameters;
    private final SecurityIdentity identity;

    public StreamRequestImpl(RoutingContext routingContext, Optional<String> endpoint, List<String> endpointChannels,
            Map<String, String> pathParameters, SecurityIdentity identity) {
        this.routingContext = routingContext;
        this.endpoint = endpoint;
        this.endpointChannels = endpointChannels;
        this.pathParameters = pathParameters;
        this.identity = identity;
    }

    @Override
    public Optional<String> endpoint() {
        return endpoint;
    }

    @Override
    public List<String> endpointChannels() {
        return endpointChannels;
    }

    @Override
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    @Override
    public List<String> queryParameters(String name) {
        return routingContext.queryParam(name).stream().filter(value -> !value.isEmpty()).toList();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(routingContext.request().getHeader(name));
    }

    @Override
    public SecurityIdentity identity() {
        return identity;
    }
}
