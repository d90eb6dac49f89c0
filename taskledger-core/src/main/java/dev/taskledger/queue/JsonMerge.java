package dev.taskledger.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.PlainJson;
import dev.taskledger.common.ServiceException;

import java.util.Map;

/** RFC 7386 JSON merge patch of one object into another, on JSON text. */
final class JsonMerge {
    private static final ObjectMapper MAPPER = PlainJson.MAPPER;

    private JsonMerge() {}

    static String mergeObject(String targetJson, String patchJson) {
        try {
            JsonNode target = MAPPER.readTree(targetJson);
            JsonNode patch = MAPPER.readTree(patchJson);
            if (!patch.isObject()) {
                throw ServiceException.invalid("metadata must be a JSON object");
            }
            ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : MAPPER.createObjectNode();
            merge(result, (ObjectNode) patch);
            return result.toString();
        } catch (JsonProcessingException e) {
            throw ServiceException.invalid("metadata is not valid JSON");
        }
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject()) {
                // RFC 7386: an object patch merges into the member, or into {} when the member is not an object,
                // so its null members are removals there too, never stored
                ObjectNode member = target.get(e.getKey()) instanceof ObjectNode existing ? existing : MAPPER.createObjectNode();
                merge(member, (ObjectNode) value);
                target.set(e.getKey(), member);
            } else {
                target.set(e.getKey(), value);
            }
        }
    }

    static boolean isObject(String json) {
        try {
            return MAPPER.readTree(json).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
