package io.quarkiverse.eventstream.runtime.tx;

/**
 * Runs actions after the current transaction commits. Registered only when the application has JTA transactions.
 */
public interface AfterCommit {

    /**
     * @param action what to run after a successful commit; never run after a rollback
     * @return {@code false} if no transaction is active: the caller then acts at once
     */
    boolean register(Runnable action);
}
