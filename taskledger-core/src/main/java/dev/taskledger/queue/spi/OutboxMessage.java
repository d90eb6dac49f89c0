package dev.taskledger.queue.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * One message waiting to be published (or published): written in the same transaction as the task event
 * it announces. {@code id} is assigned by the store and orders messages; {@code eventId} becomes the AMQP
 * message id; {@code body} is JSON text.
 */
public record OutboxMessage(long id, UUID eventId, UUID taskId, String tenant, String routingKey, String body,
                            Instant createdAt, int attempts, Instant nextAttemptAt, Instant sentAt, String lastError) {

    /** A message to append; the store assigns the id. */
    public static OutboxMessage pending(UUID eventId, UUID taskId, String tenant, String routingKey, String body,
                                        Instant createdAt) {
        return new OutboxMessage(0, eventId, taskId, tenant, routingKey, body, createdAt, 0, createdAt, null, null);
    }
}
