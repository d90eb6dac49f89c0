package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/tasks/claim} (the server also reads each field from the query string).
 * {@code types} may be an array or one string, {@code type} one more type; none means any type. The worker
 * may be named {@code worker}, or {@code processor_id} / {@code service_id} as the Task Repository Service's
 * server and client call it. {@code wait_seconds} (at most 30) long-polls while nothing is ready.
 */
public record ClaimTasksRequest(
        @JsonProperty("types") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> types,
        @JsonProperty("type") String type,
        @JsonProperty("limit") Integer limit,
        @JsonProperty("worker") @JsonAlias({"processor_id", "service_id"}) String worker,
        @JsonProperty("lease_seconds") Integer leaseSeconds,
        @JsonProperty("wait_seconds") Integer waitSeconds) {

    public static final ClaimTasksRequest EMPTY = new ClaimTasksRequest(null, null, null, null, null, null);

    /** {@code types} and {@code type} together, without repeats, in the order given. */
    public List<String> allTypes() {
        Set<String> all = new LinkedHashSet<>();
        if (types != null) {
            all.addAll(types);
        }
        if (type != null) {
            all.add(type);
        }
        return new ArrayList<>(all);
    }
}
