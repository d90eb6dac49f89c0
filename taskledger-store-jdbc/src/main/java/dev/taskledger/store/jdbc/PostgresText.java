package dev.taskledger.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * Text forms PostgreSQL needs. Its {@code text} cannot hold U+0000 and {@code jsonb} rejects the NUL escape. Values that
 * contain one are stored in a lossless escaped form (and only those, so ordinary rows stay readable by
 * other SQL tools):
 * <ul>
 * <li>text: U+E000 followed by the base64 of the UTF-8 bytes (a value that itself starts with U+E000 is
 * escaped the same way, so decoding is unambiguous);</li>
 * <li>JSON: the object {@code {"$taskledger_json_text": "<the original JSON text>"}}.</li>
 * </ul>
 */
final class PostgresText {
    static final char TEXT_MARK = '\uE000';
    static final String JSON_KEY = "$taskledger_json_text";
    private static final String JSON_PREFIX = "{\"" + JSON_KEY + "\": ";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant YEAR_1 = Instant.parse("0001-01-01T00:00:00Z");
    /** Year of era (0000 is 0001 BC) and PostgreSQL's era suffix. */
    private static final DateTimeFormatter BC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX 'BC'", Locale.ROOT);

    private PostgresText() {}

    static String encodeText(String s) {
        if (s == null || (s.indexOf('\0') < 0 && (s.isEmpty() || s.charAt(0) != TEXT_MARK))) {
            return s;
        }
        return TEXT_MARK + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeText(String s) {
        if (s == null || s.isEmpty() || s.charAt(0) != TEXT_MARK) {
            return s;
        }
        return new String(Base64.getDecoder().decode(s.substring(1)), StandardCharsets.UTF_8);
    }

    /**
     * An instant as text PostgreSQL reads as a {@code timestamptz} (for the text arrays of multi-row inserts): ISO
     * 8601, but with the era for the year 0000, which PostgreSQL has no number for (it is 1 BC).
     */
    static String timestamp(Instant t) {
        if (t == null) {
            return null;
        }
        return t.isBefore(YEAR_1) ? BC.format(t.atOffset(ZoneOffset.UTC)) : t.toString();
    }

    static String encodeJson(String json) {
        if (json == null || !json.contains("\\u0000")) {
            return json;
        }
        return JsonNodeFactory.instance.objectNode().put(JSON_KEY, json).toString();
    }

    static String decodeJson(String stored) {
        if (stored == null || !stored.startsWith(JSON_PREFIX)) {
            return stored;
        }
        try {
            JsonNode node = MAPPER.readTree(stored);
            if (node.size() == 1 && node.get(JSON_KEY) != null && node.get(JSON_KEY).isTextual()) {
                return node.get(JSON_KEY).asText();
            }
            return stored;
        } catch (JsonProcessingException e) {
            return stored;
        }
    }
}
