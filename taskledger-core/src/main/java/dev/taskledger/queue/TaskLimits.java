package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Text;

import java.util.Map;

/**
 * Bounds on task fields; a value outside them is a 422 naming the field. Every text field must be well-formed
 * Unicode ({@link Text}).
 */
public final class TaskLimits {
    public static final int MAX_TYPE_LENGTH = 128;
    public static final int MAX_STATE_LENGTH = 1_000;
    public static final int MAX_WORKER_LENGTH = 200;
    public static final int MAX_TAGS = 64;
    public static final int MAX_TAG_KEY_LENGTH = 64;
    public static final int MAX_TAG_VALUE_LENGTH = 256;
    public static final int MAX_BATCH = 1_000;
    /** The most tasks one streamed create ({@link TaskService#createStream}) takes. */
    public static final int MAX_STREAM = 100_000;
    /** How many tasks of a streamed create go to the store at once: what the server holds of a stream at a time. */
    public static final int STREAM_CHUNK = 1_000;
    public static final int MAX_CLAIM = 1_000;
    public static final int MAX_LIST = 1_000;
    /** The most tasks one bulk action call examines; a call that stops there says {@code more}. */
    public static final int MAX_BULK = 100_000;
    /** How many tasks a bulk action changes per transaction. */
    public static final int BULK_BATCH = 500;
    public static final int MAX_WAIT_SECONDS = 30;
    public static final int MAX_ATTEMPTS = 1_000;
    public static final int MAX_LEASE_SECONDS = 86_400;
    /** The longest execution timeout of one attempt ({@code timeout_seconds}): 7 days. */
    public static final int MAX_TIMEOUT_SECONDS = 7 * 86_400;
    public static final long MAX_DELAY_SECONDS = 366L * 86_400;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** How many parents one task may name in {@code depends_on} (a fan-in of 1,000 fits). */
    public static final int MAX_PARENTS = 1_000;
    /** How many dependency edges one batch may create in all. */
    public static final int MAX_BATCH_EDGES = 10_000;
    public static final int MAX_REF_LENGTH = 128;
    public static final int MAX_CONCURRENCY_KEY_LENGTH = 200;
    /**
     * How deep payload, metadata and result may nest objects and arrays: the most every backend stores. MariaDB's
     * JSON_VALID (the CHECK on its JSON columns) refuses 32 levels and more; the others would take far more.
     */
    public static final int MAX_JSON_DEPTH = 31;

    private TaskLimits() {}

    static String requireType(String type) {
        if (type == null || type.isBlank()) {
            throw ServiceException.invalid("type is required (a non-empty string, alias task_type)");
        }
        if (type.length() > MAX_TYPE_LENGTH) {
            throw ServiceException.invalid("type is longer than " + MAX_TYPE_LENGTH + " characters");
        }
        requireNoNul("type", type);
        return Text.requireWellFormed("type", type);
    }

    static int range(String field, Integer value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < min || value > max) {
            throw ServiceException.invalid(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A task's concurrency key: null, or 1 to {@link #MAX_CONCURRENCY_KEY_LENGTH} characters (empty means none). */
    static String optionalConcurrencyKey(String field, String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        return optionalText(field, key, MAX_CONCURRENCY_KEY_LENGTH);
    }

    static String optionalText(String field, String value, int maxLength) {
        if (value != null) {
            if (value.length() > maxLength) {
                throw ServiceException.invalid(field + " is longer than " + maxLength + " characters");
            }
            requireNoNul(field, value);
            Text.requireWellFormed(field, value);
        }
        return value;
    }

    /** JSON text (payload, metadata, result; may be null): well-formed strings, at most {@link #MAX_JSON_DEPTH} deep. */
    static String requireJson(String field, String json) {
        return Text.requireJson(field, json, MAX_JSON_DEPTH);
    }

    static void requireTags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw ServiceException.invalid("at most " + MAX_TAGS + " tags are allowed");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_TAG_KEY_LENGTH) {
                throw ServiceException.invalid("tag keys must have 1 to " + MAX_TAG_KEY_LENGTH + " characters");
            }
            Text.requireWellFormed("tag keys", e.getKey());
            if (e.getValue() != null && e.getValue().length() > MAX_TAG_VALUE_LENGTH) {
                throw ServiceException.invalid("tag '" + e.getKey() + "' is longer than " + MAX_TAG_VALUE_LENGTH + " characters");
            }
            Text.requireWellFormed("tag '" + e.getKey() + "'", e.getValue());
        }
    }

    /** Identifiers (types, workers, keys) are matched by databases as text, where U+0000 cannot live. */
    static void requireNoNul(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw ServiceException.invalid(field + " must not contain the NUL character");
        }
    }
}
