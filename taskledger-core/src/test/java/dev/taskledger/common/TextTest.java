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
        assertThat(Text.requireJson("payload", "{\"k\":\"" + PAIR + "\",\"e\":\"\\ud83d\\ude00\"}", 31)).isNotNull();
        assertThat(Text.requireJson("payload", "{\"k\":\"\\\\udc00\"}", 31)).isNotNull(); // an escaped backslash, then text

        for (String bad : new String[] {"{\"k\":\"\uDC00x\"}", "{\"k\":\"\\udc00x\"}", "{\"k\":\"\\ud800\"}",
                "{\"\\ud800\":1}", "[\"\\ud800\\u0041\"]", "[\"\\uDC00\\uD800\"]", "\"\\ud800" + "\""}) {
            assertThatThrownBy(() -> Text.requireJson("payload", bad, 31)).as(bad)
                    .isInstanceOf(ServiceException.class).hasMessageStartingWith("payload ");
        }
    }

    @Test
    void jsonNesting_isCountedOverObjectsAndArrays_notBracketsInsideStrings() {
        assertThat(Text.requireJson("payload", "[".repeat(31) + "]".repeat(31), 31)).isNotNull();
        assertThat(Text.requireJson("payload", "{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", 2)).isNotNull();
        assertThat(Text.requireJson("payload", "[[1],[2],[[3]]]", 3)).isNotNull();
        assertThat(Text.requireJson("payload", "\"scalar\"", 0)).isNotNull();

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
}
