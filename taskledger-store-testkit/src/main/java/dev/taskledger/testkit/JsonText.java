package dev.taskledger.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Equality of stored rows where JSON-valued fields compare as JSON values (so a backend may re-format
 * whitespace), while every other field compares exactly. Exact JSON text is checked by dedicated contracts.
 */
public final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {}

    /** Numbers compare by value ({@code 2e3} equals {@code 2000}), as JSONB and other normalising stores keep them. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    /** True when both are null or both parse to equal JSON values (key order, spacing and number spelling aside). */
    public static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return Objects.equals(a, b);
        }
        try {
            JsonNode x = MAPPER.readTree(a);
            JsonNode y = MAPPER.readTree(b);
            return x != null && y != null && x.equals(NUMBERS_BY_VALUE, y);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static RecursiveComparisonConfiguration taskComparison() {
        RecursiveComparisonConfiguration c = new RecursiveComparisonConfiguration();
        c.registerEqualsForFields((String a, String b) -> sameJson(a, b), "payload", "metadata");
        c.registerEqualsForFields((String a, String b) -> sameJson(a, b), "detail");
        return c;
    }

    /** Asserts every field of {@code actual} equals {@code expected}'s (JSON fields as JSON values). */
    public static void assertSameTask(Task actual, Task expected) {
        assertThat(actual).as("task %s", expected == null ? null : expected.id()).isNotNull();
        assertThat(actual).usingRecursiveComparison(taskComparison()).isEqualTo(expected);
    }

    /** Asserts every field of {@code actual} equals {@code expected}'s (detail as a JSON value). */
    public static void assertSameEvent(TaskEvent actual, TaskEvent expected) {
        assertThat(actual).usingRecursiveComparison(taskComparison()).isEqualTo(expected);
    }
}
