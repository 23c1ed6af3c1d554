package io.quarkiverse.eventstream.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * A production build has no bean for the Dev UI's JSON-RPC service: its build steps run in dev mode only. Read from the
 * classes ArC generated for the packaged application.
 */
public class DevUIAbsentInProductionTest {

    @RegisterExtension
    static final QuarkusProdModeTest test = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClass(DevUIPublishResource.class))
            .setApplicationName("devui-absent").setApplicationVersion("1").setRun(false);

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void jsonRpcServiceIsNoBean() throws IOException {
        List<String> generated = generatedClasses();
        assertThat(generated).noneMatch(name -> name.contains("EventStreamJsonRpcService"));
        // the extension's own beans are there: the check above looks at the right place
        assertThat(generated).anyMatch(name -> name.startsWith("io/quarkiverse/eventstream/runtime/fanout/StreamIndex_Bean"));
    }

    private List<String> generatedClasses() throws IOException {
        Path bytecode;
        try (Stream<Path> files = Files.walk(results.getBuildDir())) {
            bytecode = files.filter(file -> file.getFileName().toString().equals("generated-bytecode.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no generated-bytecode.jar under " + results.getBuildDir()));
        }
        try (JarFile jar = new JarFile(bytecode.toFile())) {
            return jar.stream().map(entry -> entry.getName()).toList();
        }
    }
}
