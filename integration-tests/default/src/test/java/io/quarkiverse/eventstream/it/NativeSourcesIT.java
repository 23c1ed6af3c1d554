package io.quarkiverse.eventstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What Quarkus's native build steps made of this application ({@code quarkus.native.sources-only}, see the
 * {@code native-sources} profile of the pom): they ran to the end, the endpoints the extension generates are registered
 * for the image, and the optional integrations this application lacks (Hibernate ORM, Redis, the PostgreSQL bus,
 * SmallRye Health) left nothing in it. GraalVM itself is not run here: CI runs {@code native-check} for that.
 */
class NativeSourcesIT {

    private static final Path SOURCES = Path.of(System.getProperty("native.sources", "target/native-sources"));

    @Test
    void nativeBuildStepsWroteTheImageInputs() throws IOException {
        assertThat(SOURCES.resolve("native-image.args")).isRegularFile();
        assertThat(Files.readString(SOURCES.resolve("native-image.args"))).contains("--no-fallback")
                .contains("-runner.jar");
        assertThat(runnerJar()).isRegularFile();
    }

    @Test
    void registersTheGeneratedEndpointsAndBeans() throws IOException {
        List<String> reflective = reflectiveClasses();
        assertThat(reflective).contains("io.quarkiverse.eventstream.runtime.http.generated.BuiltInEndpoint",
                "io.quarkiverse.eventstream.runtime.http.generated.ConfiguredEndpoint0_rooms",
                "io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig$$CMImpl",
                "io.quarkiverse.eventstream.runtime.store.MemoryEventStore");
    }

    @Test
    void leavesOutTheIntegrationsTheApplicationLacks() throws IOException {
        assertThat(reflectiveClasses()).noneMatch(name -> name.startsWith("io.quarkiverse.eventstream.runtime.health.")
                || name.startsWith("io.quarkiverse.eventstream.runtime.store.orm.")
                || name.startsWith("io.quarkiverse.eventstream.runtime.store.redis.")
                || name.startsWith("io.quarkiverse.eventstream.runtime.bus.postgres.")
                || name.startsWith("io.quarkiverse.eventstream.runtime.bus.redis."));
    }

    private static Path runnerJar() throws IOException {
        try (var files = Files.list(SOURCES)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no runner jar in " + SOURCES));
        }
    }

    /** The classes of the runner jar's {@code reflect-config.json}, the reflection Quarkus registers for the image. */
    private static List<String> reflectiveClasses() throws IOException {
        try (JarFile jar = new JarFile(runnerJar().toFile())) {
            ZipEntry entry = jar.getEntry("META-INF/native-image/reflect-config.json");
            assertThat(entry).as("reflect-config.json in the runner jar").isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                List<String> names = new ArrayList<>();
                for (JsonNode type : new ObjectMapper().readTree(in)) {
                    names.add(type.path("name").asText());
                }
                return names;
            }
        }
    }
}
