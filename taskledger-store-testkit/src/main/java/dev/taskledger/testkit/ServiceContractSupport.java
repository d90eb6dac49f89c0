package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.queue.ClaimClient;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.LeaseRescuer;
import dev.taskledger.queue.LimitService;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.QueueSettings;
import dev.taskledger.queue.ReadySignal;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.WorkService;
import dev.taskledger.store.Store;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Base of the service-level contracts: the real services over the test's store, driven by a
 * {@link MutableClock} that starts at {@link SampleTasks#T0} and moves only when a test advances it.
 */
public abstract class ServiceContractSupport extends StoreContractSupport {
    protected static final String TENANT = SampleTasks.TENANT;
    protected static final String OTHER_TENANT = SampleTasks.OTHER_TENANT;

    protected MutableClock clock;
    protected ReadySignal readySignal;
    protected TaskService tasks;
    protected WorkService work;
    protected LeaseRescuer rescuer;
    protected LedgerService ledger;
    protected LimitService limits;

    /** The services' settings in these tests: waiting claims look for work every 50 ms. */
    protected static final QueueSettings SETTINGS = QueueSettings.DEFAULTS.withPollInterval(Duration.ofMillis(50));

    @BeforeEach
    protected final void startServices() {
        clock = new MutableClock(SampleTasks.T0);
        readySignal = new ReadySignal();
        Queue queue = queueOver(store, SETTINGS);
        tasks = queue.tasks();
        work = queue.work();
        rescuer = queue.rescuer();
        limits = queue.limits();
        ledger = new LedgerService(store.ledger(), clock);
    }

    /** The queue services over {@code store} (the test's, or a wrapper of it), on the test's clock and ready signal. */
    protected final Queue queueOver(Store store, QueueSettings settings) {
        return new Queue(store, clock, readySignal, settings);
    }

    /** A create request of {@code type} with every optional field left to its default. */
    protected static TaskSpec newTask(String type) {
        return newTask(type, "{\"n\":1}", null, null);
    }

    protected static TaskSpec newTask(String type, String payload, Integer maxAttempts, String idempotencyKey) {
        return new TaskSpec(type, payload, null, Map.of(), null, null, null, maxAttempts, null, idempotencyKey, false);
    }

    protected final Task create(TaskSpec request) {
        return tasks.create(TENANT, request).task();
    }

    /** Claims up to {@code limit} tasks of any type for {@code worker} without waiting. */
    protected final List<Task> claim(String worker, int limit) {
        try {
            return work.claim(new ClaimRequest(TENANT, List.of(), limit, worker, null, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code service.claim(request)} on a thread of its own, since a long-polling claim blocks until it answers. */
    protected static CompletableFuture<List<Task>> claimAsync(WorkService service, ClaimRequest request) {
        return claimAsync(service, request, ClaimClient.UNWATCHED);
    }

    /** {@code service.claim(request, client)} on a thread of its own. */
    protected static CompletableFuture<List<Task>> claimAsync(WorkService service, ClaimRequest request, ClaimClient client) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return service.claim(request, client);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofPlatform().daemon().name("claim-" + request.worker()).start(runnable));
    }

    /** Claims the single ready task for {@code worker}; fails when there is none. */
    protected final Task claimOnly(String worker) {
        List<Task> claimed = claim(worker, 1);
        if (claimed.size() != 1) {
            throw new AssertionError("expected to claim one task, got " + claimed.size());
        }
        return claimed.getFirst();
    }

    protected final List<TaskEvent> events(UUID id) {
        return tasks.events(TENANT, id);
    }

    /** Asserts {@code call} throws a {@link ServiceException} of {@code kind}. */
    protected static void assertFailsWith(ServiceException.Kind kind, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }

    /** Asserts {@code call} is a 409 that reports the task's current status. */
    protected static void assertConflictWithStatus(String currentStatus, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.TaskConflict.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
            org.assertj.core.api.Assertions.assertThat(e.currentStatus()).as(e.getMessage()).isEqualTo(currentStatus);
        });
    }
}
