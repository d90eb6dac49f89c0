package dev.taskledger.protocol.batch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.taskledger.protocol.RawJson;

import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks/complete}: many completions in one transaction, each judged on its
 * own (one task's lost lease does not fail the others). The answer is a {@link BatchOutcomesDto} in the same order.
 */
public record CompleteTasksRequest(@JsonProperty("completions") List<Completion> completions) {
    public CompleteTasksRequest {
        completions = completions == null ? List.of() : completions;
    }

    /** One completion: the task, the lease token of its claim, and its result (any JSON; absent = no result row). */
    public record Completion(
            @JsonProperty("id") String id,
            @JsonProperty("lease_token") String leaseToken,
            @JsonProperty("result") @JsonRawValue @JsonDeserialize(using = RawJson.class) String result) {
    }
}
