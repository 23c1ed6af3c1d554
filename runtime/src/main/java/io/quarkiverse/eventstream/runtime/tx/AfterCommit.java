package io.quarkiverse.eventstream.runtime.tx;

/**
 * Runs actions after the current transaction commits. Registered only when the application has JTA transactions.
 */
public interface AfterCommit {

    /**
     * @param action what to run after a successful commit; never run after a rollback
     * @return {@code false} if there is no transaction: the caller then acts at once; {@code true} when the action
     *         was registered, or dropped because the transaction can only roll back
     */
    boolean register(Runnable action);
}
