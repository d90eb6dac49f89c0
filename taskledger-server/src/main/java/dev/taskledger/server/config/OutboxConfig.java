package dev.taskledger.server.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The transactional outbox and its relay to RabbitMQ (the task persistence design: "publish after commit"). Publishing is on exactly
 * when {@code TASKLEDGER_AMQP_URL} is set: only then do task changes write outbox rows, and one node at a time
 * (the holder of the relay lease) publishes them.
 *
 * @param amqpUrl      {@code amqp://user:pass@host:5672/vhost} ({@code %2F} is the default vhost); null: off
 * @param exchange     the durable topic exchange messages go to (declared by the relay)
 * @param batchSize    messages read and published per relay cycle
 * @param leaseTtl     how long the relay lease lasts without renewal (a crashed relay's successor waits this long)
 * @param pollMin      the relay's polling interval while messages keep coming
 * @param pollMax      the longest polling interval once idle (it doubles from {@code pollMin} up to this)
 * @param reconnectMax the longest wait between two connection attempts while RabbitMQ is unreachable
 * @param keepSent     how long sent rows stay in the outbox table before they are deleted
 */
public record OutboxConfig(String amqpUrl, String exchange, int batchSize, Duration leaseTtl, Duration pollMin,
                           Duration pollMax, Duration reconnectMax, Duration keepSent) {

    public static final String DEFAULT_EXCHANGE = "taskledger";

    /** Whether a broker is configured (and so whether task changes write outbox messages). */
    public boolean enabled() {
        return amqpUrl != null;
    }

    static OutboxConfig fromEnv(EnvReader r) {
        String url = r.first("TASKLEDGER_AMQP_URL");
        if (url != null) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("amqp://") && !lower.startsWith("amqps://")) {
                r.problem("TASKLEDGER_AMQP_URL=" + withoutSecrets(url) + " is not valid: expected amqp://user:password@host:5672/vhost"
                        + " (amqps:// for TLS; %2F is the default vhost)");
            }
        }
        String exchange = r.string("TASKLEDGER_AMQP_EXCHANGE", DEFAULT_EXCHANGE);
        if (!exchange.matches("[A-Za-z0-9_.:-]{1,255}") || exchange.startsWith("amq.")) {
            r.problem("TASKLEDGER_AMQP_EXCHANGE=" + exchange + " is not valid: use letters, digits, '-', '_', '.', ':'"
                    + " (names starting with amq. are reserved by RabbitMQ)");
        }
        int batch = r.integer("TASKLEDGER_OUTBOX_BATCH_SIZE", 100, 1, 1_000);
        Duration lease = Duration.ofSeconds(r.integer("TASKLEDGER_OUTBOX_LEASE_SECONDS", 30, 5, 3_600));
        Duration pollMin = Duration.ofMillis(r.integer("TASKLEDGER_OUTBOX_POLL_MIN_MS", 100, 1, 60_000));
        Duration pollMax = Duration.ofMillis(r.integer("TASKLEDGER_OUTBOX_POLL_MAX_MS", 3_000, 1, 600_000));
        if (pollMax.compareTo(pollMin) < 0) {
            r.problem("TASKLEDGER_OUTBOX_POLL_MAX_MS must not be smaller than TASKLEDGER_OUTBOX_POLL_MIN_MS");
        }
        Duration reconnectMax = Duration.ofMillis(r.integer("TASKLEDGER_AMQP_RECONNECT_MAX_MS", 30_000, 100, 3_600_000));
        Duration keepSent = Duration.ofHours(r.integer("TASKLEDGER_OUTBOX_KEEP_SENT_HOURS", 24, 0, 24 * 3_650));
        return new OutboxConfig(url, exchange, batch, lease, pollMin, pollMax, reconnectMax, keepSent);
    }

    /** The URL with its password masked, for logs. */
    public static String withoutSecrets(String url) {
        return url == null ? null : url.replaceAll("(//[^/@:]+:)[^/@]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "OutboxConfig[amqpUrl=" + (amqpUrl == null ? "unset (publishing off)" : withoutSecrets(amqpUrl))
                + ", exchange=" + exchange + ", batchSize=" + batchSize + ", leaseTtl=" + leaseTtl + ", poll=" + pollMin
                + ".." + pollMax + ", reconnectMax=" + reconnectMax + ", keepSent=" + keepSent + "]";
    }
}
