package dev.taskledger.client;

import dev.taskledger.protocol.batch.BatchOutcomesDto;
import dev.taskledger.protocol.batch.CompleteTasksRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Sends a worker's outcomes. Failures go out one by one from the handler's thread. Completions either do too,
 * or (batching) queue up for one sender that takes whatever has accumulated while its previous request was
 * on the wire: under load requests grow, when idle each completion leaves at once. Transient errors (no
 * answer, 503) are retried with capped exponential backoff for as long as the task's lease lasts (the heartbeats
 * go on meanwhile and extend it once the server answers again): complete and fail are idempotent under the same
 * lease token. Once the lease would have expired, another claim may run the task again, so the outcome is dropped
 * with a warning.
 */
final class Reporter {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    private record Completion(InFlight task, String resultJson) {}

    private final TaskledgerClient client;
    private final int maxBatch;
    private final Consumer<InFlight> done;
    private final LinkedBlockingQueue<Completion> queue = new LinkedBlockingQueue<>();
    private volatile boolean batching;
    private volatile boolean discarding;
    private volatile boolean stopped;
    private Thread sender;
    private final LongAdder completionRequests = new LongAdder();
    private final LongAdder tasksCompleted = new LongAdder();
    private final LongAdder tasksFailed = new LongAdder();

    Reporter(TaskledgerClient client, boolean batching, int maxBatch, Consumer<InFlight> done) {
        this.client = client;
        this.batching = batching;
        this.maxBatch = maxBatch;
        this.done = done;
    }

    void start() {
        sender = Thread.ofVirtual().name("taskledger-reporter").start(this::sendLoop);
    }

    /** Stops sending; {@code discard} drops completions not yet sent (a hard stop reports nothing more). */
    void stop(boolean discard) {
        discarding |= discard;
        stopped = true;
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Completion> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(c -> done.accept(c.task()));
    }

    long completionRequests() {
        return completionRequests.sum();
    }

    long tasksCompleted() {
        return tasksCompleted.sum();
    }

    long tasksFailed() {
        return tasksFailed.sum();
    }

    void complete(InFlight task, String resultJson) {
        if (discarding) {
            done.accept(task);
        } else if (batching) {
            queue.add(new Completion(task, resultJson));
        } else {
            completeOne(task, resultJson);
        }
    }

    void fail(InFlight task, String error, boolean retryable, Duration retryIn) {
        try {
            if (!discarding) {
                transiently("fail", List.of(task), () -> client.forTenant(task.tenant()).fail(task.id(), task.leaseToken(), error, retryable, retryIn));
                tasksFailed.increment();
            }
        } finally {
            done.accept(task);
        }
    }

    private void completeOne(InFlight task, String resultJson) {
        try {
            completionRequests.increment();
            transiently("complete", List.of(task), () -> client.forTenant(task.tenant()).completeJson(task.id(), task.leaseToken(), resultJson));
            tasksCompleted.increment();
        } catch (ValidationException e) {
            refused(task, e.detail());
        } catch (TaskledgerException e) {
            if (e.status() == 413) {
                refused(task, e.detail());
            }
        } finally {
            done.accept(task);
        }
    }

    /** The server would not store the result (too large, ...): fail the task rather than leave it to its lease. */
    private void refused(InFlight task, String why) {
        LOG.log(WARNING, "result of task {0} was refused ({1}); failing the task", task.id(), why);
        try {
            transiently("fail", List.of(task), () -> client.forTenant(task.tenant()).fail(task.id(), task.leaseToken(), "the result was refused: " + why, false, null));
        } catch (TaskledgerException ignored) {
            // logged by transiently
        }
    }

    private void sendLoop() {
        List<Completion> batch = new ArrayList<>(maxBatch);
        while (!stopped || !queue.isEmpty()) {
            try {
                Completion first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (discarding) {
                    return;
                }
                continue; // a graceful stop still sends what is queued
            }
            queue.drainTo(batch, maxBatch - 1);
            try {
                if (discarding) {
                    batch.forEach(c -> done.accept(c.task()));
                } else {
                    sendBatch(batch);
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** One request per tenant: a shared worker's tasks of several tenants are each completed under their own. */
    private void sendBatch(List<Completion> batch) {
        java.util.Map<String, List<Completion>> byTenant = new java.util.LinkedHashMap<>();
        batch.forEach(c -> byTenant.computeIfAbsent(String.valueOf(c.task().tenant()), t -> new ArrayList<>()).add(c));
        if (byTenant.size() == 1) {
            sendBatchOfOneTenant(batch);
        } else {
            byTenant.values().forEach(this::sendBatchOfOneTenant);
        }
    }

    private void sendBatchOfOneTenant(List<Completion> batch) {
        TaskledgerClient client = this.client.forTenant(batch.getFirst().task().tenant());
        List<CompleteTasksRequest.Completion> items = new ArrayList<>(batch.size());
        for (Completion c : batch) {
            items.add(new CompleteTasksRequest.Completion(c.task().id(), c.task().leaseToken(), c.resultJson()));
        }
        List<BatchOutcomesDto.Outcome> outcomes;
        try {
            completionRequests.increment();
            outcomes = transiently("complete batch", batch.stream().map(Completion::task).toList(), () -> client.completeAll(items));
        } catch (TransportException | ServerUnavailableException e) {
            batch.forEach(c -> done.accept(c.task())); // dropped: the leases ran out, or the worker is stopping
            return;
        } catch (TaskledgerException e) {
            if (isMissingEndpoint(e)) {
                LOG.log(INFO, "the server has no batch completion endpoint; completing one task per request");
                batching = false;
            }
            batch.forEach(c -> completeOne(c.task(), c.resultJson())); // each on its own, so one bad item cannot block the rest
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            InFlight task = batch.get(i).task();
            BatchOutcomesDto.Outcome o = i < outcomes.size() ? outcomes.get(i) : null;
            if (o != null && BatchOutcomesDto.INVALID.equals(o.outcome())) {
                refused(task, o.detail());
            } else if (o != null && !o.isOk()) {
                LOG.log(INFO, "task {0} was not completed: {1} ({2})", task.id(), o.outcome(), o.detail());
            } else {
                tasksCompleted.increment();
            }
            done.accept(task);
        }
    }

    /**
     * Whether a batch call ({@code POST /api/v1/tasks/complete} or {@code /heartbeat}) failed because the server has
     * no such endpoint. A batch names no task in its path (a task that is gone is an item's outcome), so a 404 or a
     * 405 can mean nothing else; the detail text is not read.
     */
    static boolean isMissingEndpoint(TaskledgerException e) {
        return e.status() == 404 || e.status() == 405;
    }

    interface Call<T> {
        T run();
    }

    /**
     * Runs the call, repeating it with backoff while the server cannot be reached or is unavailable, until the lease of
     * every task it reports would have expired (the latest of them, re-read each time: heartbeats extend them).
     */
    private <T> T transiently(String what, List<InFlight> tasks, Call<T> call) {
        long started = System.nanoTime();
        long delayMs = FIRST_RETRY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TransportException | ServerUnavailableException e) {
                long leaseLeftMs = TimeUnit.NANOSECONDS.toMillis(leaseEnds(tasks) - System.nanoTime());
                if (discarding || Thread.currentThread().isInterrupted() && stopped) {
                    LOG.log(WARNING, "{0} of {1} failed, not retried: the worker is stopping (the lease will expire): {2}",
                            what, describe(tasks), e.getMessage());
                    throw e;
                }
                if (leaseLeftMs <= 0) {
                    LOG.log(WARNING, "{0} of {1} dropped after {2} attempt(s) in {3} ms: the lease has run out, so the server"
                                    + " may give the task to another claim; last error: {4}", what, describe(tasks), attempt,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), e.getMessage());
                    throw e;
                }
                long pause = Math.min(delayMs, leaseLeftMs);
                LOG.log(DEBUG, "{0} of {1} failed, retrying in {2} ms: {3}", what, describe(tasks), pause, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
            } catch (ConflictException | NotFoundException e) {
                LOG.log(INFO, "{0} of {1} refused: {2}", what, describe(tasks), e.getMessage());
                throw e;
            }
        }
    }

    private static long leaseEnds(List<InFlight> tasks) {
        long latest = tasks.getFirst().leaseEndsNanos();
        for (InFlight f : tasks) {
            if (f.leaseEndsNanos() - latest > 0) {
                latest = f.leaseEndsNanos();
            }
        }
        return latest;
    }

    private static String describe(List<InFlight> tasks) {
        return tasks.size() == 1 ? "task " + tasks.getFirst().id() : tasks.size() + " tasks (" + tasks.getFirst().id() + ", ...)";
    }
}
