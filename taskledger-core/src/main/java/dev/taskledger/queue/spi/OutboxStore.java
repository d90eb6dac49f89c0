package dev.taskledger.queue.spi;


import java.time.Instant;
import java.util.List;

/**
 * The {@code outbox} table: messages about task events, written with the change, published later by one
 * relay at a time (the holder of the relay lease, a {@link dev.taskledger.jobs.spi.LeaseStore} lease) in id
 * order, so that the messages of one task leave in the order their events happened.
 */
public interface OutboxStore {

    /** Appends messages; ids are assigned in append order and grow with every append. */
    void appendAll(List<OutboxMessage> messages);

    /**
     * The oldest unsent messages in id order, up to {@code limit}, stopping before the first message whose
     * {@code next_attempt_at} is after {@code now} (a message waiting for its retry holds back those after it).
     */
    List<OutboxMessage> nextUnsent(Instant now, int limit);

    /** Marks the messages with these ids sent at {@code now}. */
    void markSent(List<Long> ids, Instant now);

    /** Records a failed publish attempt: attempts + 1, the error, and when to try again. */
    void markFailed(long id, String error, Instant nextAttemptAt);

    /** How many messages are unsent, and the creation time of the oldest (null when none). */
    Lag lag();

    record Lag(long unsent, Instant oldestCreatedAt) {}

    /** Deletes up to {@code limit} messages sent before {@code before}; returns how many went. */
    int deleteSentBefore(Instant before, int limit);
}
