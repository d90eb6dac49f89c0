package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TaskLimits}: each bound holds at its limit and refuses one past it, with a 422 naming the field. */
class TaskLimitsTest {
    private static final String UNPAIRED = "\uD800";

    @Test
    void type_isRequired_atMost128Characters_withoutNulOrUnpairedSurrogates() {
        assertThat(TaskLimits.requireType("email.send")).isEqualTo("email.send");
        assertThat(TaskLimits.requireType("t".repeat(128))).hasSize(128);

        assertInvalid(() -> TaskLimits.requireType(null), "type is required (a non-empty string, alias task_type)");
        assertInvalid(() -> TaskLimits.requireType(" \t"), "type is required (a non-empty string, alias task_type)");
        assertInvalid(() -> TaskLimits.requireType("t".repeat(129)), "type is longer than 128 characters");
        assertInvalid(() -> TaskLimits.requireType("a\0b"), "type must not contain the NUL character");
        assertInvalidNaming(() -> TaskLimits.requireType("a" + UNPAIRED), "type ");
    }

    @Test
    void range_givesTheDefaultForNull_andAcceptsBothEnds() {
        assertThat(TaskLimits.range("limit", null, 10, 1, 1_000)).isEqualTo(10);
        assertThat(TaskLimits.range("limit", 1, 10, 1, 1_000)).isEqualTo(1);
        assertThat(TaskLimits.range("limit", 1_000, 10, 1, 1_000)).isEqualTo(1_000);

        assertInvalid(() -> TaskLimits.range("limit", 0, 10, 1, 1_000), "limit must be between 1 and 1000, was 0");
        assertInvalid(() -> TaskLimits.range("limit", 1_001, 10, 1, 1_000), "limit must be between 1 and 1000, was 1001");
    }

    @Test
    void optionalText_mayBeNull_andIsBoundedLikeTheType() {
        assertThat(TaskLimits.optionalText("worker", null, 200)).isNull();
        assertThat(TaskLimits.optionalText("worker", "w".repeat(200), 200)).hasSize(200);

        assertInvalid(() -> TaskLimits.optionalText("worker", "w".repeat(201), 200), "worker is longer than 200 characters");
        assertInvalid(() -> TaskLimits.optionalText("worker", "w\0", 200), "worker must not contain the NUL character");
        assertInvalidNaming(() -> TaskLimits.optionalText("worker", UNPAIRED, 200), "worker ");
    }

    @Test
    void json_nestsAtMost31Levels() {
        String deepest = "[".repeat(TaskLimits.MAX_JSON_DEPTH) + "]".repeat(TaskLimits.MAX_JSON_DEPTH);
        assertThat(TaskLimits.requireJson("payload", deepest)).isEqualTo(deepest);
        assertThat(TaskLimits.requireJson("payload", null)).isNull();

        assertInvalid(() -> TaskLimits.requireJson("payload", "[" + deepest + "]"),
                "payload nests objects and arrays more than 31 levels deep");
    }

    @Test
    void tags_atMost64_withKeysOf1To64_andValuesOfAtMost256Characters() {
        Map<String, String> most = new HashMap<>();
        for (int i = 0; i < TaskLimits.MAX_TAGS; i++) {
            most.put("k" + i, "v");
        }
        TaskLimits.requireTags(most);
        TaskLimits.requireTags(Map.of("k".repeat(64), "v".repeat(256)));
        TaskLimits.requireTags(new HashMap<>(java.util.Collections.singletonMap("no-value", null)));

        Map<String, String> tooMany = new HashMap<>(most);
        tooMany.put("one-more", "v");
        assertInvalid(() -> TaskLimits.requireTags(tooMany), "at most 64 tags are allowed");
        assertInvalid(() -> TaskLimits.requireTags(Map.of("", "v")), "tag keys must have 1 to 64 characters");
        assertInvalid(() -> TaskLimits.requireTags(Map.of("k".repeat(65), "v")), "tag keys must have 1 to 64 characters");
        assertInvalid(() -> TaskLimits.requireTags(Map.of("env", "v".repeat(257))), "tag 'env' is longer than 256 characters");
        assertInvalidNaming(() -> TaskLimits.requireTags(Map.of("k" + UNPAIRED, "v")), "tag keys ");
        assertInvalidNaming(() -> TaskLimits.requireTags(Map.of("env", UNPAIRED)), "tag 'env' ");
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID)).hasMessage(message);
    }

    private static void assertInvalidNaming(ThrowingCallable call, String fieldPrefix) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID))
                .hasMessageStartingWith(fieldPrefix).hasMessageContaining("unpaired UTF-16 surrogate");
    }
}
