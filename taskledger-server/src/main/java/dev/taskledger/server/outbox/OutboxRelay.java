package dev.taskledger.server.outbox;

import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.jobs.BackgroundLoop;
import dev.taskledger.jobs.LoopClock;
import dev.taskledger.jobs.LoopStep;
import dev.taskledger.jobs.Service;
import dev.taskledger.jobs.spi.LeaseStore;
import dev.taskledger.queue.Backoff;
import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.server.config.OutboxConfig;
import dev.taskledger.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the outbox to RabbitMQ, at least once, in id order. One cycle: hold the relay lease (so one node
 * relays at a time), be connected, read the oldest unsent messages, publish them with publisher confirms, mark
 * the confirmed ones sent. A message the broker refuses is retried with backoff and holds back those after it
 * (so each task's messages keep their order); a lost connection is retried with backoff, and nothing is marked
 * sent that the broker did not confirm. Idle, it polls less and less often ({@code pollMin} doubling to
 * {@code pollMax}); {@link #wake()} (this node committed messages) starts a cycle at once. Sent rows are deleted
 * after {@code keepSent}. See docs/operations.md.
 */
public final class OutboxRelay implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int CLEANUP_BATCH = 500;
    private static final int CLEANUP_BATCHES_PER_ROUND = 20;
    private static final long CLEANUP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Store store;
    private final Broker broker;
    private final OutboxConfig config;
    private final String nodeId;
    private final Clock clock;
    private final Backoff messageBackoff;
    private final RelayLease lease;
    private final Reconnect reconnect;
    private final BackgroundJob job;
    private final BackgroundLoop loop;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final LongAdder published = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder connectionFailures = new LongAdder();

    private long idleMs;
    private long nextCleanupNanos;

    public OutboxRelay(Store store, LeaseStore leases, OutboxConfig config, String nodeId, Clock clock) {
        this(store, leases, new AmqpBroker(config.amqpUrl(), config.exchange(), "taskledger-relay " + nodeId,
                Math.min(10_000, config.leaseTtl().toMillis() / 3)), config, nodeId, clock, Backoff.DEFAULT);
    }

    OutboxRelay(Store store, LeaseStore leases, Broker broker, OutboxConfig config, String nodeId, Clock clock,
                Backoff messageBackoff) {
        this(store, leases, broker, config, nodeId, clock, messageBackoff, LoopClock.SYSTEM);
    }

    OutboxRelay(Store store, LeaseStore leases, Broker broker, OutboxConfig config, String nodeId, Clock clock,
                Backoff messageBackoff, LoopClock loopClock) {
        this.store = store;
        this.broker = broker;
        this.config = config;
        this.nodeId = nodeId;
        this.clock = clock;
        this.messageBackoff = messageBackoff;
        this.lease = new RelayLease(leases, nodeId, config.leaseTtl(), clock);
        this.reconnect = new Reconnect(config.reconnectMax());
        // between two cycles: up to the idle poll, or the wait before reconnecting while RabbitMQ is down
        Duration cycleInterval = config.pollMax().compareTo(config.reconnectMax()) > 0 ? config.pollMax() : config.reconnectMax();
        this.job = new BackgroundJob("outbox-relay", cycleInterval, clock);
        // a failed cycle: try again after pollMax; at stop a cycle in progress gets 20 s to finish
        this.loop = new BackgroundLoop(job, loopClock, new BackgroundLoop.Settings(Duration.ZERO, config.pollMax(),
                Duration.ofSeconds(20), Duration.ofSeconds(5)), new Cycles());
        this.idleMs = config.pollMin().toMillis();
        this.nextCleanupNanos = System.nanoTime();
    }

    @Override
    public void start() {
        loop.start();
        LOG.info("outbox relay started on node {} ({})", nodeId, broker instanceof AmqpBroker a ? a.describe() : broker);
    }

    /** Starts a cycle now (this node just committed messages) instead of at the next poll; cheap, never blocks. */
    public void wake() {
        if (!lease.held()) {
            return; // only the lease holder publishes; standby nodes keep their slow lease checks
        }
        woken.set(true);
        loop.wake();
    }

    /** A cycle in progress finishes (confirmed messages get marked sent) before the relay stops. */
    @Override
    public void stop() {
        loop.stop();
        LOG.info("outbox relay stopped on node {}", nodeId);
    }

    /** The relay's step in its loop: a cycle, then the wait it asks for; at the end the lease goes at once. */
    private final class Cycles implements LoopStep {
        @Override
        public Duration run() {
            if (woken.getAndSet(false)) {
                idleMs = config.pollMin().toMillis(); // messages were just committed: poll fast again
            }
            return Duration.ofMillis(cycle());
        }

        @Override
        public void ended() {
            broker.close();
            lease.release(); // also when the loop died: another node takes over at once
        }
    }

    /** One cycle; returns how long to wait before the next. */
    long cycle() {
        long nowNanos = System.nanoTime();
        long paused = reconnect.waitMs(nowNanos);
        if (paused > 0) {
            return paused; // RabbitMQ was unreachable: wait before the next attempt
        }
        if (!lease.hold(nowNanos)) {
            return config.pollMax().toMillis();
        }
        if (!connected()) {
            return reconnect.waitMs(System.nanoTime());
        }
        Instant now = now();
        List<OutboxMessage> due = store.inTransaction(tx -> tx.outbox().nextUnsent(now, config.batchSize()));
        if (due.isEmpty()) {
            cleanUp(now);
            idleMs = Math.min(idleMs * 2, config.pollMax().toMillis());
            return idleMs;
        }
        Broker.Outcome outcome = broker.publish(due, lease.validUntilNanos());
        List<Long> sent = due.subList(0, outcome.confirmed()).stream().map(OutboxMessage::id).toList();
        if (!sent.isEmpty()) {
            Instant sentAt = now();
            store.inTransaction(tx -> {
                tx.outbox().markSent(sent, sentAt);
                return null;
            });
            published.add(sent.size());
        }
        idleMs = config.pollMin().toMillis();
        Broker.Failure failure = outcome.failure();
        if (failure == null) {
            return outcome.confirmed() == due.size() && due.size() == config.batchSize() ? 0 : idleMs;
        }
        OutboxMessage failed = due.get(outcome.confirmed());
        if (failure.refused()) {
            refuse(failed, failure.message());
            return idleMs;
        }
        return connectionLost(failure.message());
    }

    /** Connected, or connects now; false (and pausing) while RabbitMQ cannot be reached. */
    private boolean connected() {
        if (broker.isConnected()) {
            return true;
        }
        try {
            broker.connect();
        } catch (IOException | RuntimeException e) {
            connectionLost("cannot connect: " + Reconnect.reason(e));
            return false;
        }
        reconnect.succeeded();
        return true;
    }

    /** Closes the connection and pauses until the next attempt; returns the pause in ms. */
    private long connectionLost(String why) {
        connectionFailures.increment();
        broker.close();
        return reconnect.failed(why);
    }

    private void refuse(OutboxMessage m, String why) {
        refused.increment();
        Instant retryAt = now().plus(messageBackoff.delayAfter(m.attempts() + 1)).truncatedTo(ChronoUnit.MILLIS);
        store.inTransaction(tx -> {
            tx.outbox().markFailed(m.id(), why, retryAt);
            return null;
        });
        LOG.warn("outbox message {} (event {}, attempt {}) was refused by RabbitMQ: {}; retrying at {}, later messages wait",
                m.id(), m.eventId(), m.attempts() + 1, why, retryAt);
    }

    /** Deletes sent rows older than {@code keepSent}, a few small batches at a time, at most once a minute. */
    private void cleanUp(Instant now) {
        if (System.nanoTime() - nextCleanupNanos < 0) {
            return;
        }
        nextCleanupNanos = System.nanoTime() + CLEANUP_EVERY_NANOS;
        Instant before = now.minus(config.keepSent());
        int total = 0;
        for (int i = 0; i < CLEANUP_BATCHES_PER_ROUND; i++) {
            int deleted = store.inTransaction(tx -> tx.outbox().deleteSentBefore(before, CLEANUP_BATCH));
            total += deleted;
            if (deleted < CLEANUP_BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.debug("outbox relay deleted {} sent message(s) older than {}", total, before);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The relay's loop, for /metrics and /health. */
    public BackgroundJob job() {
        return job;
    }

    /** Whether this node holds the relay lease. */
    public boolean isLeader() {
        return lease.held();
    }

    public boolean isConnected() {
        return broker.isConnected();
    }

    /** Messages this node published and marked sent. */
    public long published() {
        return published.sum();
    }

    /** Messages RabbitMQ refused (each is retried later). */
    public long refused() {
        return refused.sum();
    }

    /** Failed connection attempts and lost connections. */
    public long connectionFailures() {
        return connectionFailures.sum();
    }
}
