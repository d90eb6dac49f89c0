package dev.taskledger.server.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The test side of RabbitMQ: a unique durable exchange and a durable queue bound to it with {@code #} (declared before
 * the relay publishes, deleted afterwards), reading what arrived, and stopping/starting the broker application with
 * {@code rabbitmqctl}. Every operation opens its own short connection, so it works again after a broker restart.
 */
public final class Rabbit implements AutoCloseable {
    public final String url;
    public final String exchange;
    public final String queue;
    private final List<Delivered> received = new ArrayList<>();

    /** One message as a consumer got it. */
    public record Delivered(String routingKey, AMQP.BasicProperties properties, String body) {
        public String messageId() {
            return properties.getMessageId();
        }
    }

    public Rabbit(String url) {
        this.url = url;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.exchange = "tl-test-" + suffix;
        this.queue = "tl-test-" + suffix;
        run(ch -> {
            ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            ch.queueDeclare(queue, true, false, false, null);
            ch.queueBind(queue, exchange, "#");
        });
    }

    /** Everything received so far, in arrival order, after taking whatever is waiting in the queue. */
    public synchronized List<Delivered> received() {
        run(ch -> {
            for (GetResponse r = ch.basicGet(queue, true); r != null; r = ch.basicGet(queue, true)) {
                received.add(new Delivered(r.getEnvelope().getRoutingKey(), r.getProps(), new String(r.getBody(), StandardCharsets.UTF_8)));
            }
        });
        return List.copyOf(received);
    }

    /** Waits until {@code done} holds for what was received; returns it. */
    public List<Delivered> awaitReceived(Duration timeout, Predicate<List<Delivered>> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Delivered> now = received();
        while (!done.test(now) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = received();
        }
        return now;
    }

    @Override
    public void close() {
        run(ch -> {
            ch.queueDelete(queue);
            ch.exchangeDelete(exchange);
        });
    }

    private interface ChannelWork {
        void run(Channel channel) throws IOException;
    }

    private void run(ChannelWork work) {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(url);
            try (Connection c = f.newConnection("taskledger-test"); Channel ch = c.createChannel()) {
                work.run(ch);
            }
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ at " + url.replaceAll(":[^:@/]*@", ":***@") + ": " + e, e);
        }
    }

    /** The rabbitmqctl of the broker these tests use, or null when it cannot be run here. */
    public static String rabbitmqctl() {
        for (String candidate : List.of("/usr/sbin/rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl", "/usr/local/sbin/rabbitmqctl")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code rabbitmqctl stop_app}: the broker drops every connection and refuses new ones; queues stay on disk. */
    public static void stopApp() {
        ctl("stop_app");
    }

    /** {@code rabbitmqctl start_app}, then waits until it accepts connections. */
    public static void startApp(String url) {
        ctl("start_app");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ConnectionFactory f = new ConnectionFactory();
        while (true) {
            try {
                f.setUri(url);
                try (Connection c = f.newConnection("taskledger-test-ping")) {
                    return;
                }
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("RabbitMQ did not come back within 60 s: " + e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void ctl(String command) {
        try {
            Process p = new ProcessBuilder(rabbitmqctl(), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl " + command + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
