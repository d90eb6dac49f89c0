package dev.taskledger.server.queue;

import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.server.http.HttpProblem;

import java.util.ArrayList;
import java.util.List;

/** Create requests (protocol) to {@link TaskSpec}s (core), with the HTTP-only rules: idempotency header, the Task Repository Service's aliases. */
final class TaskSpecJson {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private TaskSpecJson() {}

    /**
     * One create. The {@code Idempotency-Key} header and the body's {@code idempotency_key} are the same thing;
     * giving both with different values is refused rather than guessed.
     */
    static TaskSpec from(CreateTaskRequest r, String headerKey, String where) {
        if (r == null) {
            throw HttpProblem.invalid(where + "a task must be a JSON object");
        }
        if (r.payload() != null && r.hasRequestOrTemplate()) {
            throw HttpProblem.invalid(where + "give either payload or request/template (the Task Repository Service), not both");
        }
        String key = r.idempotencyKey();
        if (headerKey != null && !headerKey.isBlank()) {
            if (key != null && !key.equals(headerKey.trim())) {
                throw HttpProblem.invalid(where + "the " + IDEMPOTENCY_HEADER + " header and idempotency_key differ");
            }
            key = headerKey.trim();
        }
        return new TaskSpec(r.type(), r.effectivePayload(), r.metadata(), r.tags(), r.priority(), r.runAt(),
                r.delaySeconds(), r.maxAttempts(), r.leaseSeconds(), key, r.dedupeRequested(), r.concurrencyKey(),
                r.timeoutSeconds());
    }

    /**
     * A batch. An {@code Idempotency-Key} header on a batch makes each task's key {@code <header>#<index>}
     * (unless the task has its own), so repeating the whole request returns the same tasks.
     */
    static List<TaskSpec> fromBatch(List<CreateTaskRequest> requests, String headerKey) {
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
}
