package dev.taskledger.server.queue;

import dev.taskledger.protocol.Json;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.Undelivered;
import dev.taskledger.queue.WorkService;
import dev.taskledger.server.http.ConnectionWatcher;
import dev.taskledger.server.http.Responses;
import dev.taskledger.wire.TaskDtos;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a claim its tasks; tasks that cannot reach the client go back to the queue at once
 * ({@link WorkService#returnUndelivered}) instead of waiting out their lease: when the client is known to have
 * closed its connection before the answer, or when writing the answer fails. An answer the kernel accepted is
 * delivered as far as the server can tell.
 */
final class ClaimAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimAnswer.class);

    private ClaimAnswer() {}

    static void send(Context ctx, WorkService work, List<Task> claimed, ConnectionWatcher.Watch client) {
        if (claimed.isEmpty()) {
            Responses.json(ctx, 200, TaskDtos.taskList(claimed, true));
            return;
        }
        byte[] answer = Json.toBytes(TaskDtos.taskList(claimed, true)); // before the last look, to keep it close to the write
        if (client.checkGone()) {
            giveBack(work, claimed, Undelivered.CLIENT_GONE, null);
            Responses.json(ctx, 200, TaskDtos.taskList(List.of(), true)); // nobody reads it; holds no lease token
            return;
        }
        client.close(); // from here the answer is on its way: a client may close the moment it has it
        try {
            Responses.jsonNow(ctx, 200, answer);
        } catch (IOException e) {
            giveBack(work, claimed, Undelivered.WRITE_FAILED, e);
        }
    }

    /** Each tenant's tasks go back in a transaction of their own (a shared worker's claim spans tenants). */
    private static void giveBack(WorkService work, List<Task> claimed, Undelivered why, IOException cause) {
        Map<String, List<Task>> byTenant = new LinkedHashMap<>();
        claimed.forEach(t -> byTenant.computeIfAbsent(t.tenant(), k -> new ArrayList<>()).add(t));
        List<Task> back = new ArrayList<>();
        byTenant.forEach((tenant, tasks) -> back.addAll(work.returnUndelivered(tenant, tasks, why)));
        LOG.info("claim of worker {} not delivered ({}{}): {} of {} tasks back to pending", claimed.getFirst().leaseOwner(),
                why.reason(), cause == null ? "" : ": " + cause, back.size(), claimed.size());
    }
}
