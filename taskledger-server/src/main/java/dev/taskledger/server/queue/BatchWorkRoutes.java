package dev.taskledger.server.queue;

import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.protocol.batch.HeartbeatTasksRequest;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.LeaseExtension;
import dev.taskledger.queue.WorkService;
import dev.taskledger.wire.TaskDtos;
import dev.taskledger.wire.WorkItems;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Access;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * Batched worker calls (docs/api.md, "Batch completion and heartbeat"): {@code POST /api/v1/tasks/complete} and
 * {@code POST /api/v1/tasks/heartbeat} carry many items, apply them in one transaction and answer one outcome
 * per item, in order. A worker that finishes many small tasks a second needs this: one round trip and one
 * commit per batch instead of per task. An item is judged as its single-item call would judge it.
 */
public final class BatchWorkRoutes implements RouteGroup {
    private final WorkService work;

    public BatchWorkRoutes(WorkService work) {
        this.work = work;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASKS + "/complete", this::completeAll));
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASKS + "/heartbeat", this::heartbeatAll));
    }

    private void completeAll(Context ctx) {
        CompleteTasksRequest body = JsonBodies.read(ctx, CompleteTasksRequest.class, null);
        List<Completion> items = WorkItems.completions(body.completions(), sharedWorkerTokens(ctx));
        Responses.json(ctx, 200, TaskDtos.outcomes(work.completeAll(Requests.tenant(ctx), items)));
    }

    private void heartbeatAll(Context ctx) {
        HeartbeatTasksRequest body = JsonBodies.read(ctx, HeartbeatTasksRequest.class, null);
        List<LeaseExtension> items = WorkItems.extensions(body.heartbeats(), sharedWorkerTokens(ctx));
        Responses.json(ctx, 200, TaskDtos.outcomes(work.heartbeatAll(Requests.tenant(ctx), items)));
    }

    /** A shared worker must name the lease token of each item (it may act only on what it claimed). */
    private static WorkItems.TokenCheck sharedWorkerTokens(Context ctx) {
        return (token, field) -> WorkRoutes.requireTokenOfSharedWorker(ctx, token, field);
    }
}
