package dev.taskledger.client;

import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.protocol.batch.BatchOutcomesDto;
import dev.taskledger.protocol.batch.HeartbeatTasksRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

/**
 * Keeps the leases of a worker's tasks alive: each task is heartbeated every {@link InFlight#heartbeatNanos}
 * (a third of its lease). An answer that the task was cancelled, re-claimed or deleted hands the task to
 * {@code lost}, which stops its handler. With batching, all tasks due at the same tick share one request. A task
 * whose execution timeout ran out ({@link InFlight#isPastDeadline}) goes to {@code lost} too, at the next tick (at
 * most 100 ms later), without waiting for the server to refuse a heartbeat.
 */
final class Heartbeats {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The stop reason of a task whose attempt ran past its execution timeout. */
    static final String TIMED_OUT = "timed out";

    private final TaskledgerClient client;
    private final Collection<InFlight> tasks;
    private final BiConsumer<InFlight, String> lost;
    private volatile boolean batching;
    private volatile boolean stopped;
    private Thread thread;
    private final LongAdder requests = new LongAdder();

    Heartbeats(TaskledgerClient client, Collection<InFlight> tasks, boolean batching, BiConsumer<InFlight, String> lost) {
        this.client = client;
        this.tasks = tasks;
        this.batching = batching;
        this.lost = lost;
    }

    void start() {
        thread = Thread.ofVirtual().name("taskledger-heartbeats").start(this::loop);
    }

    long requests() {
        return requests.sum();
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (!stopped) {
            long now = System.nanoTime();
            long next = now + MAX_TICK_NANOS;
            List<InFlight> due = new ArrayList<>();
            for (InFlight f : tasks) {
                if (f.state() == InFlight.State.DROPPED) {
                    continue;
                }
                if (f.isPastDeadline(now)) { // the server fails the attempt with "timed out": stop, report nothing
                    lost.accept(f, TIMED_OUT);
                    continue;
                }
                if (f.beating) {
                    continue;
                }
                if (f.nextBeatNanos - now <= 0) {
                    due.add(f);
                } else if (f.nextBeatNanos - next < 0) {
                    next = f.nextBeatNanos;
                }
            }
            if (!due.isEmpty()) {
                if (batching) { // one request per tenant: a shared worker's tasks are each heartbeated under their own
                    java.util.Map<String, List<InFlight>> byTenant = new java.util.LinkedHashMap<>();
                    due.forEach(f -> byTenant.computeIfAbsent(String.valueOf(f.tenant()), t -> new ArrayList<>()).add(f));
                    byTenant.values().forEach(this::beatAll);
                } else {
                    for (InFlight f : due) {
                        f.beating = true;
                        Thread.ofVirtual().name("taskledger-heartbeat-" + f.id()).start(() -> beatOne(f));
                    }
                }
                continue;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void beatAll(List<InFlight> due) {
        List<HeartbeatTasksRequest.Beat> beats = new ArrayList<>(due.size());
        due.forEach(f -> beats.add(new HeartbeatTasksRequest.Beat(f.id(), f.leaseToken(), f.leaseSeconds)));
        long sentAt = System.nanoTime();
        List<BatchOutcomesDto.Outcome> outcomes;
        try {
            requests.increment();
            outcomes = client.forTenant(due.getFirst().tenant()).heartbeatAll(beats);
        } catch (TaskledgerException e) {
            if (Reporter.isMissingEndpoint(e)) {
                LOG.log(INFO, "the server has no batch heartbeat endpoint; one heartbeat per task");
                batching = false;
                return;
            }
            retrySoon(due, e);
            return;
        }
        for (int i = 0; i < due.size(); i++) {
            InFlight f = due.get(i);
            BatchOutcomesDto.Outcome o = i < outcomes.size() ? outcomes.get(i) : null;
            if (o == null || o.isOk()) {
                f.beatAnswered(sentAt);
            } else if (o.status() >= 500) {
                f.nextBeatNanos = sentAt + RETRY_NANOS;
            } else {
                lost.accept(f, reason(o.problemType(), o.currentStatus()));
            }
        }
    }

    private void beatOne(InFlight f) {
        long sentAt = System.nanoTime();
        try {
            requests.increment();
            client.forTenant(f.tenant()).heartbeat(f.id(), new HeartbeatRequest(f.leaseToken(), f.leaseSeconds, null, null, null));
            f.beatAnswered(sentAt);
        } catch (ConflictException | NotFoundException e) {
            lost.accept(f, reason(e));
        } catch (TaskledgerException e) {
            retrySoon(List.of(f), e);
        } finally {
            f.beating = false;
        }
    }

    /** Why the server refused a heartbeat with a 409 or a 404, as {@link TaskContext#stopReason()} tells it. */
    static String reason(TaskledgerException refusal) {
        return reason(ProblemType.fromUri(refusal.type()), refusal instanceof ConflictException c ? c.currentStatus() : null);
    }

    /** Why the server refused a heartbeat, as a worker reports a dropped task ({@link TaskContext#stopReason()}). */
    static String reason(ProblemType type, String currentStatus) {
        if (type == null) {
            return "task is " + currentStatus;
        }
        return switch (type) {
            case TASK_CANCELLED -> "cancelled";
            case LEASE_LOST -> "lease lost";
            case TIMED_OUT -> TIMED_OUT;
            case NOT_FOUND -> "deleted";
            default -> "task is " + currentStatus;
        };
    }

    private void retrySoon(List<InFlight> due, TaskledgerException e) {
        LOG.log(DEBUG, "heartbeat failed, retrying soon: {0}", e.getMessage());
        long at = System.nanoTime() + RETRY_NANOS;
        due.forEach(f -> f.nextBeatNanos = at);
    }
}
