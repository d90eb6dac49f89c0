package dev.taskledger.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Text}: unpaired surrogates in plain text and in JSON text (as characters or escapes), and JSON nesting. */
class TextTest {
    private static final String PAIR = "\uD83D\uDE00"; // 😀

    @Test
    void plainText_withPairedSurrogates_isAccepted_anUnpairedOneIsRefusedNamingTheField() {
        assertThat(Text.requireWellFormed("type", "a" + PAIR + "b")).isEqualTo("a" + PAIR + "b");
        assertThat(Text.requireWellFormed("type", null)).isNull();

        for (String bad : new String[] {"\uDC00x", "x\uD800", "\uD800\uD800\uDC00", "a\uDC00\uD800b"}) {
            assertThatThrownBy(() -> Text.requireWellFormed("task_name", bad))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                        assertThat(e.getMessage()).startsWith("task_name ");
                    });
        }
    }

    @Test
    void jsonText_refusesUnpairedSurrogatesAsCharactersOrEscapes_inValuesAndMemberNames() {
        assertUnchanged("{\"k\":\"" + PAIR + "\",\"e\":\"\\ud83d\\ude00\"}", 31);
        assertUnchanged("{\"k\":\"\\\\udc00\"}", 31); // an escaped backslash, then text

        for (String bad : new String[] {"{\"k\":\"\uDC00x\"}", "{\"k\":\"\\udc00x\"}", "{\"k\":\"\\ud800\"}",
                "{\"\\ud800\":1}", "[\"\\ud800\\u0041\"]", "[\"\\uDC00\\uD800\"]", "\"\\ud800" + "\""}) {
            assertThatThrownBy(() -> Text.requireJson("payload", bad, 31)).as(bad)
                    .isInstanceOf(ServiceException.class).hasMessageStartingWith("payload ");
        }
    }

    @Test
    void jsonNesting_isCountedOverObjectsAndArrays_notBracketsInsideStrings() {
        assertUnchanged("[".repeat(31) + "]".repeat(31), 31);
        assertUnchanged("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", 2);
        assertUnchanged("[[1],[2],[[3]]]", 3);
        assertUnchanged("\"scalar\"", 0);

        assertThatThrownBy(() -> Text.requireJson("result", "[".repeat(32) + "]".repeat(32), 31))
                .isInstanceOf(ServiceException.class).hasMessageContaining("result").hasMessageContaining("31 levels");
        assertThatThrownBy(() -> Text.requireJson("metadata", "{\"a\":[{\"b\":{}}]}", 3))
                .isInstanceOf(ServiceException.class).hasMessageContaining("metadata");
    }

    @Test
    void printable_replacesOnlyUnpairedSurrogates() {
        assertThat(Text.printable("a\uDC00b" + PAIR + "\uD800")).isEqualTo("a\uFFFDb" + PAIR + "\uFFFD");
        assertThat(Text.printable("plain")).isEqualTo("plain");
    }

    @Test
    void timestamps_acceptTheYears0000To9999InUtc() {
        assertThat(Timestamps.inRange(java.time.Instant.parse("0000-01-01T00:00:00Z"))).isTrue();
        assertThat(Timestamps.inRange(java.time.Instant.parse("9999-12-31T23:59:59.999999999Z"))).isTrue();
        assertThat(Timestamps.inRange(java.time.Instant.parse("-0001-12-31T23:59:59.999Z"))).isFalse();
        assertThat(Timestamps.inRange(java.time.Instant.parse("+10000-01-01T00:00:00Z"))).isFalse();
        assertThatThrownBy(() -> Timestamps.requireInRange("run_at", java.time.Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(ServiceException.class).hasMessageStartingWith("run_at ");
    }

    @Test
    void timestamps_requireInRange_returnsTheInstantOrNull() {
        java.time.Instant t = java.time.Instant.parse("2026-01-02T03:04:05.123456Z");
        assertThat(Timestamps.requireInRange("run_at", t)).isSameAs(t);
        assertThat(Timestamps.requireInRange("run_at", null)).isNull();
        assertThat(Timestamps.requireInRange("run_at", Timestamps.MAX)).isEqualTo(Timestamps.MAX);
        assertThatThrownBy(() -> Timestamps.requireInRange("created_after", Timestamps.MIN.minusNanos(1)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID))
                .hasMessage("created_after must lie in the years 0000 to 9999 (UTC), was -0001-12-31T23:59:59.999999999Z");
    }

    /** {@code json} passes the check at {@code maxDepth}: the same text comes back. */
    private static void assertUnchanged(String json, int maxDepth) {
        assertThat(Text.requireJson("payload", json, maxDepth)).isSameAs(json);
    }
}
