package io.quarkiverse.eventstream.bench;

import java.time.LocalTime;

/** Progress on standard error; results go to standard output. */
final class Log {

    private Log() {
    }

    static void log(String message) {
        System.err.println("[bench " + LocalTime.now().withNano(0) + "] " + message);
    }
}
