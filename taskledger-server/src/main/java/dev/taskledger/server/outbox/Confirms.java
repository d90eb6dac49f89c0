package dev.taskledger.server.outbox;

import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Publisher confirms of one channel, by delivery sequence number: which are still outstanding, which the broker
 * acked and which it nacked. The client library calls the listener methods on its connection thread; the relay
 * waits in {@link #await}.
 */
final class Confirms implements ConfirmListener {
    private final NavigableSet<Long> pending = new TreeSet<>();
    private final Map<Long, Boolean> resolved = new HashMap<>();
    private String closedBecause;

    synchronized void expect(long sequence) {
        pending.add(sequence);
    }

    @Override
    public synchronized void handleAck(long deliveryTag, boolean multiple) {
        resolve(deliveryTag, multiple, true);
    }

    @Override
    public synchronized void handleNack(long deliveryTag, boolean multiple) {
        resolve(deliveryTag, multiple, false);
    }

    private void resolve(long tag, boolean multiple, boolean acked) {
        if (multiple) {
            NavigableSet<Long> upTo = pending.headSet(tag, true);
            upTo.forEach(s -> resolved.put(s, acked));
            upTo.clear();
        } else if (pending.remove(tag)) {
            resolved.put(tag, acked);
        }
        notifyAll();
    }

    /** The channel closed: nothing outstanding will be confirmed any more. */
    synchronized void closed(ShutdownSignalException cause) {
        closedBecause = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        notifyAll();
    }

    /** Why the channel closed, or null while it is open. */
    synchronized String closedBecause() {
        return closedBecause;
    }

    /**
     * Waits until every sequence number up to {@code last} is acked or nacked, the channel closes, or the deadline
     * passes; true when all of them were resolved.
     */
    synchronized boolean await(long last, long deadlineNanos) throws InterruptedException {
        while (!pending.isEmpty() && pending.first() <= last && closedBecause == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return pending.isEmpty() || pending.first() > last;
    }

    /** TRUE acked, FALSE nacked, null not (yet) confirmed. */
    synchronized Boolean outcome(long sequence) {
        return resolved.get(sequence);
    }

    /** Forgets everything: confirms that arrive later for these numbers are ignored. */
    synchronized void clear() {
        pending.clear();
        resolved.clear();
    }
}
