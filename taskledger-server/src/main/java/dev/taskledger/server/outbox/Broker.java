package dev.taskledger.server.outbox;

import dev.taskledger.queue.spi.OutboxMessage;

import java.io.IOException;
import java.util.List;

/** Where the relay publishes to: RabbitMQ ({@link AmqpBroker}); a seam so tests can watch the publishing. */
interface Broker extends AutoCloseable {

    /** Connects and declares the exchange, unless connected already; throws when the broker cannot be reached. */
    void connect() throws IOException;

    boolean isConnected();

    /**
     * Publishes the messages in list order and waits for the broker's confirms. Publishes no further message once
     * {@code System.nanoTime()} passes {@code deadlineNanos} (the end of the relay lease) and waits for confirms no
     * longer than that either. Never throws for broker trouble: the outcome says how far it got.
     */
    Outcome publish(List<OutboxMessage> messages, long deadlineNanos);

    /** Closes the connection (if any); the next {@link #connect} opens a new one. */
    @Override
    void close();

    /**
     * @param confirmed how many messages, from the start of the list, the broker confirmed
     * @param failure   why message {@code confirmed} was not confirmed; null when every message was, or when the
     *                  deadline came first
     */
    record Outcome(int confirmed, Failure failure) {}

    /**
     * @param refused true when the broker refused the message (a nack: retry that message later, with backoff);
     *                false when the connection failed or no confirm came (reconnect, then publish again)
     */
    record Failure(String message, boolean refused) {}
}
