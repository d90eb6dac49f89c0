package dev.taskledger.server.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.protocol.batch.BatchOutcomesDto;
import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.protocol.batch.HeartbeatTasksRequest;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.ItemOutcome;
import dev.taskledger.queue.LeaseExtension;
import dev.taskledger.queue.WorkService;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Problems;
import dev.taskledger.server.http.Access;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
        String tenant = Requests.tenant(ctx);
        CompleteTasksRequest body = JsonBodies.read(ctx, CompleteTasksRequest.class, null);
        List<Completion> items = new ArrayList<>(body.completions().size());
        for (int i = 0; i < body.completions().size(); i++) {
            CompleteTasksRequest.Completion c = body.completions().get(i);
            if (c == null) {
                throw ServiceException.invalid("completions[" + i + "] must be an object {id, lease_token, result}");
            }
            WorkRoutes.requireTokenOfSharedWorker(ctx, blankToNull(c.leaseToken()), "completions[" + i + "].lease_token");
            items.add(new Completion(id("completions", i, c.id()), c.leaseToken(), c.result()));
        }
        Responses.json(ctx, 200, outcomes(work.completeAll(tenant, items)));
    }

    private void heartbeatAll(Context ctx) {
        String tenant = Requests.tenant(ctx);
        HeartbeatTasksRequest body = JsonBodies.read(ctx, HeartbeatTasksRequest.class, null);
        List<LeaseExtension> items = new ArrayList<>(body.heartbeats().size());
        for (int i = 0; i < body.heartbeats().size(); i++) {
            HeartbeatTasksRequest.Beat b = body.heartbeats().get(i);
            if (b == null) {
                throw ServiceException.invalid("heartbeats[" + i + "] must be an object {id, lease_token, lease_seconds}");
            }
            WorkRoutes.requireTokenOfSharedWorker(ctx, blankToNull(b.leaseToken()), "heartbeats[" + i + "].lease_token");
            items.add(new LeaseExtension(id("heartbeats", i, b.id()), b.leaseToken(), b.leaseSeconds()));
        }
        Responses.json(ctx, 200, outcomes(work.heartbeatAll(tenant, items)));
    }

    private static String blankToNull(String token) {
        return token == null || token.isBlank() ? null : token;
    }

    private static UUID id(String list, int index, String id) {
        if (id == null) {
            throw ServiceException.invalid(list + "[" + index + "].id is required");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // a malformed id cannot name a task: the single-item call would answer 404 too
            throw ServiceException.invalid(list + "[" + index + "].id '" + id + "' is not a task id");
        }
    }

    static BatchOutcomesDto outcomes(List<ItemOutcome> outcomes) {
        List<BatchOutcomesDto.Outcome> out = new ArrayList<>(outcomes.size());
        for (ItemOutcome o : outcomes) {
            if (o.isOk()) {
                out.add(new BatchOutcomesDto.Outcome(o.id().toString(), BatchOutcomesDto.OK, 200, null,
                        o.task().status().wireName(), null, o.task().leaseExpiresAt()));
                continue;
            }
            ServiceException e = o.error();
            ProblemType type = Problems.typeOf(e);
            String outcome = switch (type) {
                case NOT_FOUND -> BatchOutcomesDto.NOT_FOUND;
                case LEASE_LOST -> BatchOutcomesDto.LEASE_LOST;
                default -> type.status() == 409 ? BatchOutcomesDto.CONFLICT : BatchOutcomesDto.INVALID;
            };
            out.add(new BatchOutcomesDto.Outcome(o.id().toString(), outcome, type.status(), type.uri(),
                    Problems.currentStatusOf(e), e.getMessage(), null));
        }
        return new BatchOutcomesDto(out);
    }
}
