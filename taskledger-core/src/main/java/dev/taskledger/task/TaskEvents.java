package dev.taskledger.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;

import java.time.Instant;

/** Builds the audit rows that accompany each change. */
final class TaskEvents {
    static final String API = "API";
    static final String SYSTEM = "SYSTEM";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TaskEvents() {}

    static String worker(String workerId) {
        return workerId == null || workerId.isBlank() ? "WORKER" : "WORKER:" + workerId;
    }

    static TaskEvent of(Task task, String actor, ObjectNode detail, Instant now) {
        return new TaskEvent(Ids.newId(now), task.id(), task.status(), task.state(),
                detail == null ? null : detail.toString(), actor, now);
    }

    static ObjectNode detail() {
        return MAPPER.createObjectNode();
    }
}
