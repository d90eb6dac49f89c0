package dev.taskledger.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.common.PlainJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The task persistence design's {@code input_hash}: SHA-256 hex (64 chars). From an idempotency key, or, with
 * {@code dedupe}, from the type and the payload in canonical form (object keys sorted), so that the
 * same payload written with different key order or spacing is the same task.
 */
public final class InputHash {
    private static final ObjectMapper MAPPER = PlainJson.MAPPER;

    private InputHash() {}

    public static String ofKey(String idempotencyKey) {
        return sha256("key\n" + idempotencyKey);
    }

    public static String ofPayload(String type, String payloadJson) {
        return sha256("payload\n" + type + "\n" + canonical(payloadJson));
    }

    static String canonical(String json) {
        try {
            StringBuilder out = new StringBuilder(json.length());
            write(MAPPER.readTree(json), out);
            return out.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not JSON", e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) throws JsonProcessingException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(MAPPER.writeValueAsString(fields.get(i).getKey())).append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(MAPPER.writeValueAsString(node));
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
