package dev.taskledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.TaskDto;

import java.io.IOException;
import java.io.UncheckedIOException;

/** What a {@link TaskHandler} gets: the claimed task, its payload, and ways to report progress and see cancellation. */
public final class TaskContext {
    private final InFlight inFlight;
    private final TaskledgerClient client;
    private final String workerId;

    TaskContext(InFlight inFlight, TaskledgerClient client, String workerId) {
        this.inFlight = inFlight;
        this.client = client;
        this.workerId = workerId;
    }

    /** The task as claimed (status processing, with its lease token). */
    public TaskDto task() {
        return inFlight.task;
    }

    public String id() {
        return inFlight.task.id();
    }

    public String type() {
        return inFlight.task.type();
    }

    /** This attempt's number: 1 on the first claim, 2 after one failure, ... */
    public int attempt() {
        return inFlight.task.retryCount();
    }

    public String leaseToken() {
        return inFlight.leaseToken();
    }

    public String workerId() {
        return workerId;
    }

    /** The payload as JSON text. */
    public String payloadJson() {
        return inFlight.task.payload();
    }

    /** The payload as a tree. */
    public JsonNode payload() {
        return payload(JsonNode.class);
    }

    /** The payload read into {@code type} (a record, a {@code Map}, ...). */
    public <T> T payload(Class<T> type) {
        try {
            return Json.read(payloadJson() == null ? "null" : payloadJson(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("payload of task " + id() + " does not read as " + type.getSimpleName(), e);
        }
    }

    /**
     * True once the handler should stop: the task was cancelled, its lease was lost, its attempt ran past its
     * execution timeout ({@code timeout_seconds}), or the worker is stopping hard. The handler thread is interrupted at the same moment; nothing will be reported for this task.
     */
    public boolean isCancelled() {
        return inFlight.state() == InFlight.State.DROPPED;
    }

    /** Why the handler should stop ({@code cancelled}, {@code lease lost}, {@code timed out}, {@code worker stopped}), or null. */
    public String stopReason() {
        return inFlight.dropReason();
    }

    /** Throws {@link TaskStoppedException} when {@link #isCancelled()}: call it between the steps of long work. */
    public void checkCancelled() {
        if (inFlight.state() == InFlight.State.DROPPED) {
            throw new TaskStoppedException("task " + id() + " stopped: " + inFlight.dropReason());
        }
    }

    /**
     * Reports progress (0-100) and a state text now, which also extends the lease. When the server answers that
     * the task was cancelled or the lease lost, the task is dropped and {@link TaskStoppedException} is thrown.
     */
    public void progress(int percent, String state) {
        checkCancelled();
        try {
            long sentAt = System.nanoTime();
            client.forTenant(inFlight.tenant()).heartbeat(id(), new HeartbeatRequest(leaseToken(), inFlight.leaseSeconds, percent, state, null));
            inFlight.leaseRenewed(sentAt);
        } catch (ConflictException | NotFoundException e) {
            String reason = Heartbeats.reason(e);
            inFlight.drop(reason);
            Thread.interrupted(); // the handler learns through the exception, not a stray interrupt
            throw new TaskStoppedException("task " + id() + " stopped: " + reason);
        }
    }
}
