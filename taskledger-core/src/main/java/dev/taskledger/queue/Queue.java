package dev.taskledger.queue;

import dev.taskledger.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The queue services over one store, built together: {@link #tasks()}, {@link #work()}, {@link #rescuer()} and
 * the {@link #readySignal()} their long-polling claims wait on. After each transaction commits, first the ready
 * signal wakes the claims waiting for the tasks it made ready, then {@code afterCommit} (metrics, the outbox
 * relay's wake-up) hears what it did.
 */
public final class Queue {
    private static final Logger LOG = LoggerFactory.getLogger(Queue.class);

    private final ReadySignal readySignal;
    private final TaskService tasks;
    private final TaskBulk bulk;
    private final WorkService work;
    private final LeaseRescuer rescuer;
    private final Timeouts timeouts;
    private final LimitedClaims limitedClaims;
    private final LimitService limits;

    public Queue(Store store, Clock clock, ReadySignal readySignal, QueueSettings settings) {
        this(store, clock, readySignal, settings, CommitListener.NONE);
    }

    public Queue(Store store, Clock clock, ReadySignal readySignal, QueueSettings settings, CommitListener afterCommit) {
        this.readySignal = readySignal;
        QueueTransactions transactions = new QueueTransactions(store, clock, settings.publishEvents(), committed -> {
            wakeWaitingClaims(committed);
            try {
                afterCommit.committed(committed);
            } catch (RuntimeException e) {
                LOG.warn("a commit listener failed: {}", e.toString());
            }
        });
        LimitedClaims limitedClaims = new LimitedClaims(transactions::now);
        this.limitedClaims = limitedClaims;
        this.tasks = new TaskService(transactions, readySignal, limitedClaims, settings.typeTimeouts());
        this.work = new WorkService(transactions, readySignal, settings.backoff(), settings.pollInterval(), limitedClaims);
        this.limits = new LimitService(transactions, limitedClaims, readySignal);
        this.rescuer = new LeaseRescuer(transactions);
        this.timeouts = new Timeouts(transactions, settings.backoff());
        this.bulk = new TaskBulk(transactions);
    }

    public TaskBulk bulk() {
        return bulk;
    }

    public TaskService tasks() {
        return tasks;
    }

    public WorkService work() {
        return work;
    }

    public LimitService limits() {
        return limits;
    }

    public LeaseRescuer rescuer() {
        return rescuer;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    public ReadySignal readySignal() {
        return readySignal;
    }

    /** Wakes the claims of each tenant waiting for the types of the tasks the transaction made ready. */
    private void wakeWaitingClaims(Committed committed) {
        Map<String, Set<String>> typesByTenant = new HashMap<>();
        for (Task task : committed.madeReady()) {
            typesByTenant.computeIfAbsent(task.tenant(), t -> new HashSet<>()).add(task.type());
        }
        typesByTenant.forEach(readySignal::signal);
        // a run that ended freed a slot in its tenant's limits: the tenant's waiting claims look again (all of them,
        // since a key's limit may span types)
        Set<String> freed = new HashSet<>();
        for (Task task : committed.endedRuns()) {
            if (!limitedClaims.knownWithoutLimits(task.tenant()) && freed.add(task.tenant())) {
                readySignal.signal(task.tenant(), null);
            }
        }
    }
}
