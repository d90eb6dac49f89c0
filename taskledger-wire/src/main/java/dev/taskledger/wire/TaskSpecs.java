package dev.taskledger.wire;

import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.UpdateTaskRequest;
import dev.taskledger.queue.TaskPatch;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.common.ServiceException;

import java.util.ArrayList;
import java.util.List;

/**
 * Create requests (protocol) to {@link TaskSpec}s (core), with the rules of the wire: the idempotency header, the Task
 * Repository Service's aliases. The server and the embedded client (no header) both create through here.
 */
public final class TaskSpecs {
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private TaskSpecs() {}

    /**
     * One create. The {@code Idempotency-Key} header and the body's {@code idempotency_key} are the same thing;
     * giving both with different values is refused rather than guessed.
     */
    public static TaskSpec from(CreateTaskRequest r, String headerKey, String where) {
        if (r == null) {
            throw ServiceException.invalid(where + "a task must be a JSON object");
        }
        if (r.payload() != null && r.hasRequestOrTemplate()) {
            throw ServiceException.invalid(where + "give either payload or request/template (the Task Repository Service), not both");
        }
        String key = r.idempotencyKey();
        if (headerKey != null && !headerKey.isBlank()) {
            if (key != null && !key.equals(headerKey.trim())) {
                throw ServiceException.invalid(where + "the " + IDEMPOTENCY_HEADER + " header and idempotency_key differ");
            }
            key = headerKey.trim();
        }
        return new TaskSpec(r.type(), r.effectivePayload(), r.metadata(), r.tags(), r.priority(), r.runAt(),
                r.delaySeconds(), r.maxAttempts(), r.leaseSeconds(), key, r.dedupeRequested(), r.concurrencyKey(),
                r.timeoutSeconds(), r.dependsOn(), r.onParentFailure(), r.ref());
    }

    /**
     * A batch. An {@code Idempotency-Key} header on a batch makes each task's key {@code <header>#<index>}
     * (unless the task has its own), so repeating the whole request returns the same tasks.
     */
    public static List<TaskSpec> fromBatch(List<CreateTaskRequest> requests, String headerKey) {
        boolean keyed = headerKey != null && !headerKey.isBlank();
        List<TaskSpec> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            CreateTaskRequest r = requests.get(i);
            String where = "tasks[" + i + "].";
            String taskKey = keyed && r != null && r.idempotencyKey() == null ? headerKey.trim() + "#" + i : null;
            out.add(from(r, taskKey, where));
        }
        return out;
    }

    /**
     * A merge-update; {@code expectedVersion} (the {@code If-Match} version, or null) makes it conditional. The status
     * cannot be set this way: the lifecycle calls apply its rules.
     */
    public static TaskPatch patch(UpdateTaskRequest body, Integer expectedVersion) {
        if (body.status() != null) {
            throw ServiceException.invalid("status cannot be set by an update: use POST /api/v1/tasks/{id}/claim, /complete,"
                    + " /fail, /cancel or /retry, which apply the lifecycle rules");
        }
        return new TaskPatch(body.state(), body.progress(), body.metadata(), body.tags(), body.priority(), expectedVersion);
    }
}
