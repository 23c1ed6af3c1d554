package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup of the tests that need a real {@link Pushpin}: one Pushpin in front of one {@link GripBackend}, started
 * once for the test class (one instance of it, so that no two test classes share them) in a temporary directory of its
 * own, and stopped after its last test. The tests are skipped where Pushpin is not installed, except on CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PushpinFixture {

    /** The directory of the test class's files; Pushpin's are under {@code pushpin/}. */
    Path workDir;

    GripBackend backend;
    Pushpin pushpin;

    @BeforeAll
    void startPushpin(@TempDir Path workDir) throws IOException {
        this.workDir = workDir;
        backend = new GripBackend();
        pushpin = Pushpin.builder(workDir.resolve("pushpin")).backend(backend.address()).start();
    }

    @AfterAll
    void stopPushpin() {
        try {
            if (pushpin != null) {
                pushpin.close();
            }
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }
}
