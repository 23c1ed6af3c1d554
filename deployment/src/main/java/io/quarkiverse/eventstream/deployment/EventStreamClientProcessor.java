package io.quarkiverse.eventstream.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.eventstream.runtime.client.ClientScript;
import io.quarkiverse.eventstream.runtime.client.ClientScriptRecorder;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.vertx.http.deployment.RouteBuildItem;

/**
 * Serves the browser client (the ES module compiled from {@code runtime/src/main/client} into the runtime jar) at
 * {@code quarkus.eventstream.client.path}, unless {@code quarkus.eventstream.client.enabled} is false.
 */
class EventStreamClientProcessor {

    static final String PATH_PROPERTY = "quarkus.eventstream.client.path";

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void serveClient(EventStreamBuildTimeConfig config, ClientScriptRecorder recorder,
            BuildProducer<RouteBuildItem> routes) {
        if (!config.client().enabled()) {
            return;
        }
        String path = config.client().path();
        List<String> problems = PathValidation.problems(config, restPath());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid browser client configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        routes.produce(RouteBuildItem.builder().route(path).handler(recorder.module()).build());
        if (path.endsWith(".js")) {
            routes.produce(RouteBuildItem.builder().route(path.substring(0, path.length() - 3) + ".d.ts")
                    .handler(recorder.declarations()).build());
        }
    }

    @BuildStep
    void nativeResources(EventStreamBuildTimeConfig config, BuildProducer<NativeImageResourceBuildItem> resources) {
        if (config.client().enabled()) {
            resources.produce(
                    new NativeImageResourceBuildItem(ClientScript.MODULE_RESOURCE, ClientScript.DECLARATIONS_RESOURCE));
        }
    }

    private static String restPath() {
        // the endpoints are relative to the Quarkus REST root path, the client to the HTTP root path
        return ConfigProvider.getConfig().getOptionalValue("quarkus.rest.path", String.class).orElse("/");
    }

    /**
     * Checks of {@code quarkus.eventstream.client.path} against the paths that the event stream endpoints serve.
     */
    static final class PathValidation {

        private PathValidation() {
        }

        static List<String> problems(EventStreamBuildTimeConfig config, String restPath) {
            String path = config.client().path();
            List<String> problems = new ArrayList<>();
            EventStreamProcessor.EndpointValidation.checkPath(PATH_PROPERTY, path, problems);
            if (!problems.isEmpty()) {
                return problems;
            }
            if (config.builtInEndpoint() && serves(join(restPath, config.path()), true, path)) {
                problems.add(PATH_PROPERTY + " " + path + " is served by the built-in endpoint at quarkus.eventstream.path "
                        + config.path() + ": choose another path");
            }
            for (Map.Entry<String, EventStreamBuildTimeConfig.Endpoint> entry : config.endpoints().entrySet()) {
                if (serves(join(restPath, entry.getValue().path()), false, path)) {
                    problems.add(PATH_PROPERTY + " " + path + " is served by quarkus.eventstream.endpoints.\""
                            + entry.getKey() + "\".path " + entry.getValue().path() + ": choose another path");
                }
            }
            return problems;
        }

        /**
         * @param endpoint the endpoint path, with {@code {param}} templates
         * @param channelBelow whether the endpoint also serves {@code <endpoint>/{channel}}
         */
        private static boolean serves(String endpoint, boolean channelBelow, String path) {
            StringBuilder regex = new StringBuilder();
            for (String part : stripSlash(endpoint).split("\\{[^}/]*}", -1)) {
                if (regex.length() > 0) {
                    regex.append("[^/]+");
                }
                regex.append(Pattern.quote(part));
            }
            if (channelBelow) {
                regex.append("(/[^/]+)?");
            }
            return Pattern.matches(regex.toString(), stripSlash(path));
        }

        private static String join(String root, String path) {
            String start = stripSlash(root.startsWith("/") ? root : "/" + root);
            return (start.equals("/") ? "" : start) + (path.startsWith("/") ? path : "/" + path);
        }

        private static String stripSlash(String path) {
            return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        }
    }
}
