package dev.taskledger.server.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.spi.OutboxMessage;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * RabbitMQ through amqp-client: one connection, one channel in confirm mode, a durable topic exchange. Messages
 * are persistent, JSON, with the event id as {@code message-id}. Automatic recovery is off: after a failure the
 * relay closes this broker and connects again itself, and whatever was not confirmed is published again from the
 * outbox table (at-least-once).
 */
final class AmqpBroker implements Broker {
    static final String CONTENT_TYPE = "application/json";
    private final ConnectionFactory factory;
    private final String exchange;
    private final String connectionName;
    private final long confirmTimeoutNanos;
    private Connection connection;
    private Channel channel;
    private Confirms confirms;
    private volatile String blockedBecause;

    AmqpBroker(String url, String exchange, String connectionName, long confirmTimeoutMillis) {
        this.exchange = exchange;
        this.connectionName = connectionName;
        this.confirmTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(confirmTimeoutMillis);
        this.factory = new ConnectionFactory();
        try {
            factory.setUri(url);
            if (url.toLowerCase(Locale.ROOT).startsWith("amqps:")) {
                // setUri alone would trust any certificate: verify it against the JDK's trust store and the host name
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TASKLEDGER_AMQP_URL is not a usable AMQP URI: " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setRequestedHeartbeat(15);
    }

    @Override
    public synchronized void connect() throws IOException {
        if (isConnected()) {
            return;
        }
        close();
        Connection c;
        try {
            c = factory.newConnection(connectionName);
        } catch (TimeoutException e) {
            throw new IOException("timed out connecting to RabbitMQ", e);
        }
        try {
            Channel ch = c.createChannel();
            ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            ch.confirmSelect();
            Confirms tracker = new Confirms();
            ch.addConfirmListener(tracker);
            ch.addShutdownListener(tracker::closed);
            c.addBlockedListener(reason -> blockedBecause = reason, () -> blockedBecause = null);
            connection = c;
            channel = ch;
            confirms = tracker;
            blockedBecause = null;
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean isConnected() {
        return channel != null && channel.isOpen() && connection.isOpen();
    }

    @Override
    public synchronized Outcome publish(List<OutboxMessage> messages, long deadlineNanos) {
        if (!isConnected()) {
            return new Outcome(0, new Failure("not connected to RabbitMQ", false));
        }
        String blocked = blockedBecause;
        if (blocked != null) {
            return new Outcome(0, new Failure("RabbitMQ blocks publishing on this connection: " + blocked, false));
        }
        long[] sequences = new long[messages.size()];
        int sent = 0;
        Failure failure = null;
        try {
            for (OutboxMessage m : messages) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    break;
                }
                long sequence = channel.getNextPublishSeqNo();
                confirms.expect(sequence);
                channel.basicPublish(exchange, m.routingKey(), false, properties(m), m.body().getBytes(StandardCharsets.UTF_8));
                sequences[sent++] = sequence;
            }
            if (sent > 0) {
                long waitUntil = Math.min(deadlineNanos, System.nanoTime() + confirmTimeoutNanos);
                confirms.await(sequences[sent - 1], waitUntil);
            }
        } catch (IOException | ShutdownSignalException e) {
            failure = new Failure("publishing failed: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new Failure("interrupted while waiting for confirms", false);
        }
        int confirmed = 0;
        while (confirmed < sent && Boolean.TRUE.equals(confirms.outcome(sequences[confirmed]))) {
            confirmed++;
        }
        if (confirmed < sent && failure == null) {
            Boolean outcome = confirms.outcome(sequences[confirmed]);
            String closed = confirms.closedBecause();
            failure = Boolean.FALSE.equals(outcome) ? new Failure("RabbitMQ refused the message (nack)", true)
                    : closed != null ? new Failure("the channel closed before the confirm came: " + closed, false)
                    : new Failure("no confirm from RabbitMQ within " + TimeUnit.NANOSECONDS.toMillis(confirmTimeoutNanos) + " ms", false);
        }
        confirms.clear();
        if (failure != null && !failure.refused()) {
            close(); // whatever was not confirmed is published again on a fresh connection
        }
        return new Outcome(confirmed, failure);
    }

    private static AMQP.BasicProperties properties(OutboxMessage m) {
        return new AMQP.BasicProperties.Builder()
                .messageId(m.eventId().toString())
                .contentType(CONTENT_TYPE)
                .contentEncoding("UTF-8")
                .deliveryMode(2) // persistent
                .timestamp(Date.from(m.createdAt()))
                .appId("taskledger")
                .headers(Map.of("task_id", m.taskId().toString(), "tenant", m.tenant()))
                .build();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            closeQuietly(connection);
        }
        connection = null;
        channel = null;
        confirms = null;
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c.isOpen()) {
                c.close(2_000);
            }
        } catch (IOException | RuntimeException e) {
            c.abort(1_000);
        }
    }

    String describe() {
        return factory.getHost() + ":" + factory.getPort() + factory.getVirtualHost() + ", exchange " + exchange;
    }
}
