package dev.taskledger.server.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreferencesTest {
    @Test
    void value_isTheFirstOccurrenceOfTheName_overEveryHeaderLine_caseInsensitiveAndUnquoted() {
        assertThat(Preferences.value(List.of("return=minimal"), "return")).isEqualTo("minimal");
        assertThat(Preferences.value(List.of("respond-async, wait=10", "Return = \"minimal\"; x=\"a,b\""), "return"))
                .isEqualTo("minimal");
        assertThat(Preferences.value(List.of("return=representation, return=minimal"), "return")).isEqualTo("representation");
        assertThat(Preferences.value(List.of("x=\"return=minimal, y\""), "return")).isNull();
        assertThat(Preferences.value(List.of("handling=lenient"), "return")).isNull();
        assertThat(Preferences.value(List.of("respond-async"), "respond-async")).isEmpty();
        assertThat(Preferences.value(List.of(), "return")).isNull();
    }
}
