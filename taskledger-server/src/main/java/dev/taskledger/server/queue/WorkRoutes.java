package dev.taskledger.server.queue;

import dev.taskledger.protocol.ClaimTasksRequest;
import dev.taskledger.protocol.CompleteRequest;
import dev.taskledger.protocol.FailRequest;
import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.ReleaseRequest;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.WorkService;
import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.SharedClaimRequest;
import dev.taskledger.server.config.WorkerKeys;
import dev.taskledger.server.http.Access;
import dev.taskledger.server.http.Authenticator;
import dev.taskledger.server.http.ConnectionWatcher;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The worker side of the queue (API.md): claim (batch and by id), heartbeat, complete, fail, release. Every field of
 * a claim may come from the body or the query string (the Task Repository Service's server reads {@code processor_id} from the
 * query, its client sends {@code service_id} in the body). The lease token comes from the body field
 * {@code lease_token} or the {@code Lease-Token} header.
 */
public final class WorkRoutes implements RouteGroup {
    static final String LEASE_HEADER = "Lease-Token";

    private final WorkService work;

    public WorkRoutes(WorkService work) {
        this.work = work;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASKS + "/claim", this::claim));
        routes.post(TaskRoutes.TASK + "/claim", this::claimOne); // names any task: not for shared workers
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASK + "/heartbeat", this::heartbeat));
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASK + "/complete", this::complete));
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASK + "/fail", this::fail));
        routes.addEndpoint(Access.workerEndpoint(TaskRoutes.TASK + "/release", this::release));
    }

    /**
     * {@code {"tasks": [...]}} with lease tokens; empty when nothing became ready within {@code wait_seconds}. A
     * long-poll stops when its client closes the connection, and tasks its answer cannot deliver go back to the queue.
     */
    private void claim(Context ctx) throws InterruptedException {
        Authenticator.Caller caller = Requests.caller(ctx);
        if (caller.isSharedWorker() && caller.tenant() == null) {
            claimShared(ctx, caller.worker());
            return;
        }
        String tenant = Requests.tenant(ctx);
        ClaimInput in = ClaimInput.read(ctx);
        ClaimRequest request = new ClaimRequest(tenant, in.types(), in.limit(), in.worker(), in.leaseSeconds(), in.waitSeconds());
        try (ConnectionWatcher.Watch client = ConnectionWatcher.of(ctx)) {
            ClaimAnswer.send(ctx, work, work.claim(request, client), client);
        }
    }

    /**
     * A shared worker's claim without {@code X-Tenant}: across the tenants its key serves, fairly
     * ({@link WorkService#claimShared}); each task says its tenant, which the worker's later calls name in {@code X-Tenant}.
     */
    private void claimShared(Context ctx, WorkerKeys.Worker worker) throws InterruptedException {
        ClaimInput in = ClaimInput.read(ctx);
        SharedClaimRequest request = new SharedClaimRequest(worker.tenants(), in.types(), in.limit(),
                in.worker() == null ? worker.name() : in.worker(), in.leaseSeconds(), in.waitSeconds());
        try (ConnectionWatcher.Watch client = ConnectionWatcher.of(ctx)) {
            ClaimAnswer.send(ctx, work, work.claimShared(request, client), client);
        }
    }

    /**
     * A claim's parameters, from the JSON body or else the query string (the Task Repository Service's callers use
     * either): types, limit (default 1), wait_seconds (default 0), lease_seconds, worker.
     */
    private record ClaimInput(List<String> types, int limit, int waitSeconds, Integer leaseSeconds, String worker) {
        static ClaimInput read(Context ctx) {
            ClaimTasksRequest body = JsonBodies.read(ctx, ClaimTasksRequest.class, ClaimTasksRequest.EMPTY);
            List<String> types = new ArrayList<>(body.allTypes());
            if (types.isEmpty()) {
                types.addAll(Requests.queryList(ctx, "types", "type", "task_type"));
            }
            Integer limit = Requests.firstNonNull(body.limit(), Requests.queryInt(ctx, "limit"));
            Integer wait = Requests.firstNonNull(body.waitSeconds(), Requests.queryInt(ctx, "wait_seconds"));
            return new ClaimInput(types, limit == null ? 1 : limit, wait == null ? 0 : wait,
                    Requests.firstNonNull(body.leaseSeconds(), Requests.queryInt(ctx, "lease_seconds")), WorkRoutes.worker(ctx, body));
        }
    }

    /** The Task Repository Service's claim of one named task; 409 unless it is pending and ready. */
    private void claimOne(Context ctx) {
        String tenant = Requests.tenant(ctx);
        UUID id = Requests.pathId(ctx, "id");
        ClaimTasksRequest body = JsonBodies.read(ctx, ClaimTasksRequest.class, ClaimTasksRequest.EMPTY);
        Task claimed = work.claimOne(tenant, id, worker(ctx, body),
                Requests.firstNonNull(body.leaseSeconds(), Requests.queryInt(ctx, "lease_seconds")));
        TaskJson.sendTask(ctx, 200, claimed, true);
    }

    private void heartbeat(Context ctx) {
        String tenant = Requests.tenant(ctx);
        UUID id = Requests.pathId(ctx, "id");
        HeartbeatRequest body = JsonBodies.read(ctx, HeartbeatRequest.class, HeartbeatRequest.EMPTY);
        Task task = work.heartbeat(tenant, id, new Heartbeat(leaseToken(ctx, body.leaseToken()), body.leaseSeconds(),
                body.progress(), body.state(), body.metadata()));
        TaskJson.sendTask(ctx, 200, task, true);
    }

    private void complete(Context ctx) {
        String tenant = Requests.tenant(ctx);
        UUID id = Requests.pathId(ctx, "id");
        CompleteRequest body = JsonBodies.read(ctx, CompleteRequest.class, CompleteRequest.EMPTY);
        TaskJson.sendTask(ctx, 200, work.complete(tenant, id, leaseToken(ctx, body.leaseToken()), body.result()), false);
    }

    private void fail(Context ctx) {
        String tenant = Requests.tenant(ctx);
        UUID id = Requests.pathId(ctx, "id");
        FailRequest body = JsonBodies.read(ctx, FailRequest.class, FailRequest.EMPTY);
        Failure failure = new Failure(leaseToken(ctx, body.leaseToken()), body.error(), body.isRetryable(), body.retryInSeconds());
        TaskJson.sendTask(ctx, 200, work.fail(tenant, id, failure), false);
    }

    /** Hands back a claimed task its worker never started: pending and ready again, the attempt not counted. */
    private void release(Context ctx) {
        String tenant = Requests.tenant(ctx);
        UUID id = Requests.pathId(ctx, "id");
        ReleaseRequest body = JsonBodies.read(ctx, ReleaseRequest.class, ReleaseRequest.EMPTY);
        TaskJson.sendTask(ctx, 200, work.release(tenant, id, leaseToken(ctx, body.leaseToken())), false);
    }

    private static String worker(Context ctx, ClaimTasksRequest body) {
        return Requests.firstNonNull(body.worker(), Requests.query(ctx, "worker", "processor_id", "service_id"));
    }

    /**
     * The lease token of the body or the {@code Lease-Token} header. A shared worker must send it: its key may act only
     * on what it claimed, and the token is the proof.
     */
    private static String leaseToken(Context ctx, String fromBody) {
        String token = fromBody != null && !fromBody.isBlank() ? fromBody : ctx.header(LEASE_HEADER);
        token = token == null || token.isBlank() ? null : token.trim();
        requireTokenOfSharedWorker(ctx, token, "lease_token");
        return token;
    }

    /** 422 naming {@code field} when a shared worker's call on a task carries no lease token. */
    static void requireTokenOfSharedWorker(Context ctx, String token, String field) {
        if (token == null && Requests.caller(ctx).isSharedWorker()) {
            throw ServiceException.invalid(field + " is required with a worker key: it may act only on the tasks it claimed");
        }
    }
}
