package dev.taskledger.queue;

/**
 * Told what a queue transaction did, after it committed (never for one that rolled back), on the committing
 * thread: it must be quick and must not use the store. Metrics, wake-ups and the outbox relay subscribe here.
 */
@FunctionalInterface
public interface CommitListener {
    CommitListener NONE = committed -> { };

    void committed(Committed committed);
}
