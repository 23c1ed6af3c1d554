package io.quarkiverse.eventstream.runtime.tx;

import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * {@link AfterCommit} for an application without transactions: there is never one to wait for.
 */
@DefaultBean
@Singleton
public class ImmediateAfterCommit implements AfterCommit {

    @Override
    public boolean inTransaction() {
        return false;
    }

    @Override
    public void run(Runnable action) {
        action.run();
    }
}
