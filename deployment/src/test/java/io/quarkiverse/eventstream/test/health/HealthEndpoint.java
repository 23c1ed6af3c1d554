package io.quarkiverse.eventstream.test.health;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Reads {@code /q/health/ready} and {@code /q/health} over HTTP, and adds {@code quarkus-smallrye-health} to one test
 * application (the other deployment tests stay without it).
 */
final class HealthEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one request answered. */
    record Answer(int status, JsonNode body) {

        /** @return the check named {@code name}, or {@code null} */
        JsonNode check(String name) {
            for (JsonNode check : body.path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return check;
                }
            }
            return null;
        }
    }

    private HealthEndpoint() {
    }

    static QuarkusUnitTest withHealth(QuarkusUnitTest app, String... moreExtensions) {
        List<Dependency> dependencies = new java.util.ArrayList<>();
        dependencies.add(Dependency.of("io.quarkus", "quarkus-smallrye-health-deployment", Version.getVersion()));
        for (String extension : moreExtensions) {
            dependencies.add(Dependency.of("io.quarkus", extension, Version.getVersion()));
        }
        return app.setForcedDependencies(dependencies);
    }

    /** GETs {@code path} (e.g. {@code q/health/ready}) relative to the application's root; at most 10 s. */
    static Answer get(URL base, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }
}
