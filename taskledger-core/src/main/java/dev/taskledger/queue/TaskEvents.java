package dev.taskledger.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;
import dev.taskledger.common.PlainJson;

import java.time.Instant;

/** Builds the audit rows that accompany each change. */
final class TaskEvents {
    static final String API = "API";
    static final String SYSTEM = "SYSTEM";
    private static final ObjectMapper MAPPER = PlainJson.MAPPER;

    private TaskEvents() {}

    static String worker(String workerId) {
        return workerId == null || workerId.isBlank() ? "WORKER" : "WORKER:" + workerId;
    }

    static TaskEvent of(Task task, String actor, ObjectNode detail, Instant now) {
        return of(task, actor, detail == null ? null : PlainJson.write(detail), now);
    }

    /** The event with its detail already written as JSON ({@link PlainJson#write}). */
    static TaskEvent of(Task task, String actor, String detailJson, Instant now) {
        return new TaskEvent(Ids.newId(now), task.id(), task.status(), task.state(), detailJson, actor, now);
    }

    static ObjectNode detail() {
        return MAPPER.createObjectNode();
    }
}
