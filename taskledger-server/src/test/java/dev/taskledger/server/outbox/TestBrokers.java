package dev.taskledger.server.outbox;

import dev.taskledger.queue.Failure;
import dev.taskledger.queue.spi.OutboxMessage;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Decorators of the real {@link AmqpBroker} that watch the relay or stage a broker failure at a chosen moment. */
final class TestBrokers {
    private TestBrokers() {}

    /** A broker that passes everything but {@code publish} to the real one. */
    interface Decorator extends Broker {
        Broker delegate();

        @Override
        default void connect() throws java.io.IOException {
            delegate().connect();
        }

        @Override
        default boolean isConnected() {
            return delegate().isConnected();
        }

        @Override
        default void close() {
            delegate().close();
        }
    }

    /** Counts how many relays are inside {@code publish} at once. */
    record Probe(Broker delegate, AtomicInteger active, AtomicInteger maxActive) implements Decorator {
        @Override
        public Outcome publish(List<OutboxMessage> messages, long deadlineNanos) {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                return delegate.publish(messages, deadlineNanos);
            } finally {
                active.decrementAndGet();
            }
        }
    }

    /** The first publish reaches RabbitMQ, but its confirms are lost with the connection (as in a broker crash). */
    record LosingFirstConfirms(Broker delegate, AtomicInteger calls) implements Decorator {
        @Override
        public Outcome publish(List<OutboxMessage> messages, long deadlineNanos) {
            Outcome outcome = delegate.publish(messages, deadlineNanos);
            if (calls.getAndIncrement() > 0) {
                return outcome;
            }
            delegate.close();
            return new Outcome(0, new Failure("connection lost before the confirms came (test)", false));
        }
    }

    /** Publishes through RabbitMQ, but answers the first message matching {@code refuse} as a nack would. */
    record Refusing(Broker delegate, Predicate<OutboxMessage> refuse) implements Decorator {
        @Override
        public Outcome publish(List<OutboxMessage> messages, long deadlineNanos) {
            for (int i = 0; i < messages.size(); i++) {
                if (refuse.test(messages.get(i))) {
                    Outcome before = i == 0 ? new Outcome(0, null) : delegate.publish(messages.subList(0, i), deadlineNanos);
                    return before.confirmed() < i ? before : new Outcome(i, new Failure("refused by the test", true));
                }
            }
            return delegate.publish(messages, deadlineNanos);
        }
    }

    /** The first publish throws {@code error} (a bug in a cycle, say); later ones reach RabbitMQ. */
    record ThrowingFirst(Broker delegate, AtomicInteger calls, Error error) implements Decorator {
        @Override
        public Outcome publish(List<OutboxMessage> messages, long deadlineNanos) {
            if (calls.getAndIncrement() == 0) {
                throw error;
            }
            return delegate.publish(messages, deadlineNanos);
        }
    }
}
