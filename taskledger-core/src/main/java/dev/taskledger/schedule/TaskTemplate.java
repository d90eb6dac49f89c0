package dev.taskledger.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.PlainJson;
import dev.taskledger.queue.TaskSpec;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task a schedule creates at each fire: the fields of a task create (null: the task's default). Stored as one
 * JSON document ({@link #toJson}); {@code payload} is JSON text.
 */
public record TaskTemplate(String type, String payload, Integer priority, Map<String, String> tags, Integer maxAttempts,
                           Integer leaseSeconds) {
    public TaskTemplate {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The create request of the task for the fire time {@code at}; its idempotency key makes it one per fire time. */
    public TaskSpec spec(String idempotencyKey, Instant at) {
        return new TaskSpec(type, payload, null, tags, priority, null, null, maxAttempts, leaseSeconds, idempotencyKey, false);
    }

    /** True when both create the same task: equal as JSON (key order and spacing aside, as a JSON column keeps them). */
    public boolean sameAs(TaskTemplate other) {
        return read(toJson()).equals(read(other.toJson()));
    }

    public String toJson() {
        ObjectNode node = PlainJson.MAPPER.createObjectNode().put("type", type);
        if (payload != null) {
            node.set("payload", read(payload));
        }
        if (priority != null) {
            node.put("priority", priority);
        }
        ObjectNode tagNode = node.putObject("tags");
        tags.forEach(tagNode::put);
        if (maxAttempts != null) {
            node.put("max_attempts", maxAttempts);
        }
        if (leaseSeconds != null) {
            node.put("lease_seconds", leaseSeconds);
        }
        return PlainJson.write(node);
    }

    public static TaskTemplate fromJson(String json) {
        JsonNode node = read(json);
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new TaskTemplate(node.path("type").asText(), node.has("payload") ? PlainJson.write(node.get("payload")) : null,
                node.has("priority") ? node.get("priority").asInt() : null, tags,
                node.has("max_attempts") ? node.get("max_attempts").asInt() : null,
                node.has("lease_seconds") ? node.get("lease_seconds").asInt() : null);
    }

    private static JsonNode read(String json) {
        try {
            return PlainJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
