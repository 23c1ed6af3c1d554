package io.quarkiverse.eventstream.runtime.tx;

/**
 * The caller's transaction, as publishing sees it. {@link ImmediateAfterCommit} is the default bean, for applications
 * without transactions; {@link JtaAfterCommit} replaces it when the application has JTA.
 */
public interface AfterCommit {

    /**
     * @return whether the calling thread is inside a transaction (one marked for rollback included)
     */
    boolean inTransaction();

    /**
     * Runs {@code action} once the caller's transaction commits: at once when there is none, never when it rolls back
     * (or can only roll back). An exception of an action run at once reaches the caller; one of an action run after a
     * commit is logged, since the transaction's work is done.
     */
    void run(Runnable action);
}
