package io.quarkiverse.eventstream.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What both runners share: option values, and the watchdog that ends a run that hangs. */
final class Cli {

    private Cli() {
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int positive(Map<String, String> given, String option, int otherwise) {
        String v = given.get(option);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive integer, not " + v);
        }
    }

    /**
     * Starts a daemon thread that, 30 s after {@code maxSeconds}, stops the server and halts this JVM: whatever hangs,
     * a run ends. Interrupt it when the run is over.
     */
    static Thread watchdog(long maxSeconds, Runnable stopServer) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds) + 30_000);
            } catch (InterruptedException e) {
                return;
            }
            Log.log("watchdog: the run exceeded --max-seconds " + maxSeconds + "; stopping it");
            stopServer.run();
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
