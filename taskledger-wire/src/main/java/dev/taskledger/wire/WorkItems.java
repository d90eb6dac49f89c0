package dev.taskledger.wire;

import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.protocol.batch.HeartbeatTasksRequest;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.LeaseExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The items of a batch complete or heartbeat (protocol) to core's, each checked as its single-item call would be. */
public final class WorkItems {
    /** A check of each item's lease token ({@code token} null when blank), naming its field; the server's shared-worker rule. */
    public interface TokenCheck {
        TokenCheck NONE = (token, field) -> {};

        void check(String token, String field);
    }

    private WorkItems() {}

    public static List<Completion> completions(List<CompleteTasksRequest.Completion> completions, TokenCheck tokens) {
        List<Completion> items = new ArrayList<>(completions.size());
        for (int i = 0; i < completions.size(); i++) {
            CompleteTasksRequest.Completion c = completions.get(i);
            if (c == null) {
                throw ServiceException.invalid("completions[" + i + "] must be an object {id, lease_token, result}");
            }
            tokens.check(blankToNull(c.leaseToken()), "completions[" + i + "].lease_token");
            items.add(new Completion(id("completions", i, c.id()), c.leaseToken(), c.result()));
        }
        return items;
    }

    public static List<LeaseExtension> extensions(List<HeartbeatTasksRequest.Beat> beats, TokenCheck tokens) {
        List<LeaseExtension> items = new ArrayList<>(beats.size());
        for (int i = 0; i < beats.size(); i++) {
            HeartbeatTasksRequest.Beat b = beats.get(i);
            if (b == null) {
                throw ServiceException.invalid("heartbeats[" + i + "] must be an object {id, lease_token, lease_seconds}");
            }
            tokens.check(blankToNull(b.leaseToken()), "heartbeats[" + i + "].lease_token");
            items.add(new LeaseExtension(id("heartbeats", i, b.id()), b.leaseToken(), b.leaseSeconds()));
        }
        return items;
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
}
