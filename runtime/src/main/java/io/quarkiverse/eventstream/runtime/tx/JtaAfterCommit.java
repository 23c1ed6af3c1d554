package io.quarkiverse.eventstream.runtime.tx;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

/**
 * {@link AfterCommit} over JTA: an interposed synchronization on the active transaction. Registered when the
 * application has a transactions extension.
 */
@Singleton
public class JtaAfterCommit implements AfterCommit {

    private static final Logger LOG = Logger.getLogger(JtaAfterCommit.class);

    private final TransactionSynchronizationRegistry registry;

    @Inject
    JtaAfterCommit(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean inTransaction() {
        return registry.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
    }

    @Override
    public void run(Runnable action) {
        int status = registry.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            action.run();
            return;
        }
        if (status != Status.STATUS_ACTIVE) {
            // marked for rollback or ending: whatever it wrote will not commit, so nothing is delivered
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Delivering events after a commit failed", e);
                    }
                }
            }
        });
    }
}
