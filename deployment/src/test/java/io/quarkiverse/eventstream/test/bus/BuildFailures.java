package io.quarkiverse.eventstream.test.bus;

/**
 * The messages of a build failure and of its causes, one per line, for asserting what the failure says.
 */
final class BuildFailures {

    private BuildFailures() {
    }

    static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                messages.append(suppressed.getMessage()).append('\n');
            }
        }
        return messages.toString();
    }
}
