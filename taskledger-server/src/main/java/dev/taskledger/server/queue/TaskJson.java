package dev.taskledger.server.queue;

import dev.taskledger.queue.Task;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.wire.TaskDtos;
import io.javalin.http.Context;

/** Answers with one task ({@link TaskDtos#task}); the mapping itself lives in {@code taskledger-wire}. */
final class TaskJson {
    private TaskJson() {}

    /** Answers with one task and its version as the ETag. */
    static void sendTask(Context ctx, int status, Task task, boolean withLeaseToken) {
        ctx.header("ETag", Requests.etag(task.version()));
        Responses.json(ctx, status, TaskDtos.task(task, withLeaseToken));
    }
}
