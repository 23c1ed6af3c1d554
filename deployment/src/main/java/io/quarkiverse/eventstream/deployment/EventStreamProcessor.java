package io.quarkiverse.eventstream.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Path;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.runtime.EventPublisherImpl;
import io.quarkiverse.eventstream.runtime.EventStreamRecorder;
import io.quarkiverse.eventstream.runtime.EventStreamsImpl;
import io.quarkiverse.eventstream.runtime.admission.Admission;
import io.quarkiverse.eventstream.runtime.admission.PathTemplates;
import io.quarkiverse.eventstream.runtime.bus.BusLink;
import io.quarkiverse.eventstream.runtime.bus.InstanceId;
import io.quarkiverse.eventstream.runtime.channel.ChannelNames;
import io.quarkiverse.eventstream.runtime.channel.StoredChannels;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.fanout.EventStreamShutdownListener;
import io.quarkiverse.eventstream.runtime.fanout.LocalDelivery;
import io.quarkiverse.eventstream.runtime.fanout.Revocation;
import io.quarkiverse.eventstream.runtime.fanout.StreamIndex;
import io.quarkiverse.eventstream.runtime.fanout.StreamQuota;
import io.quarkiverse.eventstream.runtime.grip.GripPublisher;
import io.quarkiverse.eventstream.runtime.grip.GripResponder;
import io.quarkiverse.eventstream.runtime.http.BuiltInEndpointResource;
import io.quarkiverse.eventstream.runtime.http.ConfiguredEndpointResource;
import io.quarkiverse.eventstream.runtime.http.EndpointResource;
import io.quarkiverse.eventstream.runtime.http.SseResponder;
import io.quarkiverse.eventstream.runtime.replay.CoalescedReads;
import io.quarkiverse.eventstream.runtime.security.CredentialExpiry;
import io.quarkiverse.eventstream.runtime.store.EventPurgeJob;
import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.runtime.store.NoEventStore;
import io.quarkiverse.eventstream.runtime.threads.EventStreamThreads;
import io.quarkiverse.eventstream.runtime.tx.ImmediateAfterCommit;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.ShutdownListenerBuildItem;
import io.quarkus.gizmo.ClassCreator;
import io.quarkus.gizmo.MethodCreator;
import io.quarkus.resteasy.reactive.spi.GeneratedJaxRsResourceBuildItem;
import io.quarkus.resteasy.reactive.spi.GeneratedJaxRsResourceGizmoAdaptor;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.vertx.http.deployment.FilterBuildItem;

class EventStreamProcessor {

    static final String FEATURE = "eventstream";

    /** Between {@code SecurityHandlerPriorities.CORS} (300) and {@code AUTHENTICATION} (200). */
    static final int GRIP_LINK_PRIORITY = 250;

    private static final String GENERATED_PACKAGE = "io.quarkiverse.eventstream.runtime.http.generated.";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    void transactions(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        // named, not referenced: the JTA API is on the classpath only with a transactions extension
        if (capabilities.isPresent(Capability.TRANSACTIONS)) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf("io.quarkiverse.eventstream.runtime.tx.JtaAfterCommit"));
        }
    }

    @BuildStep
    void jwtExpiry(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        // named, not referenced: the MicroProfile JWT API is on the classpath only with a JWT extension
        if (capabilities.isPresent(Capability.JWT)) {
            beans.produce(AdditionalBeanBuildItem
                    .unremovableOf("io.quarkiverse.eventstream.runtime.security.JwtCredentialExpiry"));
        }
    }

    @BuildStep
    AdditionalBeanBuildItem beans(EventStreamBuildTimeConfig config) {
        // the runtime jar is not a bean archive: register its beans one by one
        AdditionalBeanBuildItem.Builder beans = AdditionalBeanBuildItem.builder()
                .addBeanClasses(EventPublisherImpl.class, EventStreamsImpl.class, DefaultChannelManager.class,
                        SseResponder.class, Admission.class, StoredChannels.class, CredentialExpiry.class,
                        StreamIndex.class, LocalDelivery.class, StreamQuota.class, Revocation.class,
                        CoalescedReads.class, EventStreamThreads.class, ImmediateAfterCommit.class, EventPurgeJob.class,
                        BusLink.class, InstanceId.class, GripPublisher.class, GripResponder.class)
                .setUnremovable();
        switch (config.store().kind()) {
            case MEMORY -> beans.addBeanClass(MemoryEventStore.class);
            case NONE -> beans.addBeanClass(NoEventStore.class);
            // the hibernate-orm store is registered by EventStreamHibernateOrmProcessor
            case HIBERNATE_ORM -> {
            }
        }
        return beans.build();
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void checkRuntimeConfig(EventStreamRecorder recorder) {
        recorder.checkConfig();
    }

    /**
     * Answers the recovery links of GRIP proxies: after CORS, before authentication (the proxy sends no credentials
     * there; the link carries the stream's identity, signed).
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    FilterBuildItem gripLinks(EventStreamRecorder recorder) {
        return new FilterBuildItem(recorder.gripLinks(), GRIP_LINK_PRIORITY);
    }

    @BuildStep
    ShutdownListenerBuildItem shutdownListener() {
        return new ShutdownListenerBuildItem(new EventStreamShutdownListener());
    }

    @BuildStep
    AdditionalIndexedClassesBuildItem indexEndpointBases() {
        // Quarkus REST reads the resource methods the generated endpoints inherit from the index
        return new AdditionalIndexedClassesBuildItem(EndpointResource.class.getName(),
                BuiltInEndpointResource.class.getName(), ConfiguredEndpointResource.class.getName());
    }

    @BuildStep
    void generateEndpoints(EventStreamBuildTimeConfig config, BuildProducer<GeneratedJaxRsResourceBuildItem> resources) {
        List<String> problems = EndpointValidation.problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid event stream endpoint configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        GeneratedJaxRsResourceGizmoAdaptor output = new GeneratedJaxRsResourceGizmoAdaptor(resources);
        if (config.builtInEndpoint()) {
            try (ClassCreator endpoint = ClassCreator.builder().classOutput(output)
                    .className(GENERATED_PACKAGE + "BuiltInEndpoint")
                    .superClass(BuiltInEndpointResource.class).build()) {
                endpoint.addAnnotation(Path.class).add("value", config.path());
            }
        }
        int index = 0;
        for (Map.Entry<String, EventStreamBuildTimeConfig.Endpoint> entry : config.endpoints().entrySet()) {
            String className = GENERATED_PACKAGE + "ConfiguredEndpoint" + index++ + "_"
                    + entry.getKey().replaceAll("[^A-Za-z0-9_]", "_");
            try (ClassCreator endpoint = ClassCreator.builder().classOutput(output).className(className)
                    .superClass(ConfiguredEndpointResource.class).build()) {
                endpoint.addAnnotation(Path.class).add("value", entry.getValue().path());
                MethodCreator name = endpoint.getMethodCreator("endpointName", String.class);
                name.setModifiers(Modifier.PROTECTED);
                name.returnValue(name.load(entry.getKey()));
            }
        }
    }

    /**
     * Checks of the endpoint configuration, collected so one build reports every problem.
     */
    static final class EndpointValidation {

        private EndpointValidation() {
        }

        static List<String> problems(EventStreamBuildTimeConfig config) {
            List<String> problems = new ArrayList<>();
            Map<String, String> pathOwners = new HashMap<>();
            if (config.builtInEndpoint()) {
                checkPath("quarkus.eventstream.path", config.path(), problems);
                if (!PathTemplates.parameters(config.path()).isEmpty()) {
                    problems.add("quarkus.eventstream.path must not contain {templates}: " + config.path()
                            + " (configure quarkus.eventstream.endpoints.\"<name>\" for templated paths)");
                }
                pathOwners.put(normalize(config.path()), "quarkus.eventstream.path");
            }
            for (Map.Entry<String, EventStreamBuildTimeConfig.Endpoint> entry : config.endpoints().entrySet()) {
                String prefix = "quarkus.eventstream.endpoints.\"" + entry.getKey() + "\"";
                EventStreamBuildTimeConfig.Endpoint endpoint = entry.getValue();
                checkPath(prefix + ".path", endpoint.path(), problems);
                String owner = pathOwners.putIfAbsent(normalize(endpoint.path()), prefix + ".path");
                if (owner != null) {
                    problems.add(prefix + ".path " + endpoint.path() + " is already used by " + owner);
                }
                Set<String> parameters = PathTemplates.parameters(endpoint.path());
                if (endpoint.channels().isEmpty()) {
                    if (!parameters.contains("channel")) {
                        problems.add(prefix + ".channels is not set and " + prefix + ".path " + endpoint.path()
                                + " has no {channel} parameter: set the channels, e.g. room-{room}");
                    }
                    continue;
                }
                if (endpoint.channels().get().isEmpty()) {
                    problems.add(prefix + ".channels must name at least one channel");
                }
                for (String channel : endpoint.channels().get()) {
                    Set<String> used = PathTemplates.parameters(channel);
                    for (String parameter : used) {
                        if (!parameters.contains(parameter)) {
                            problems.add(prefix + ".channels entry " + channel + " uses {" + parameter
                                    + "}, which " + endpoint.path() + " does not define");
                        }
                    }
                    String problem = used.isEmpty() ? ChannelNames.problem(channel) : null;
                    if (problem != null) {
                        problems.add(prefix + ".channels entry '" + channel + "' is invalid: " + problem);
                    }
                }
            }
            return problems;
        }

        /** Adds a problem when {@code path} does not start with {@code /}; also used for the browser client's path. */
        static void checkPath(String property, String path, List<String> problems) {
            if (path == null || !path.startsWith("/")) {
                problems.add(property + " must start with '/': " + path);
            }
        }

        private static String normalize(String path) {
            String normalized = PathTemplates.parameters(path).isEmpty() ? path : path.replaceAll("\\{[^}]*}", "{}");
            return normalized.endsWith("/") && normalized.length() > 1
                    ? normalized.substring(0, normalized.length() - 1)
                    : normalized;
        }
    }
}
