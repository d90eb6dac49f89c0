package dev.taskledger.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypeTest {

    @Test
    void everyTypeHasItsOwnUri_andIsFoundByIt() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::uri)).doesNotHaveDuplicates();
        for (ProblemType t : ProblemType.values()) {
            assertThat(ProblemType.fromUri(t.uri())).isSameAs(t);
            assertThat(t.uri()).isEqualTo("urn:taskledger:problem:" + t.slug());
        }
        assertThat(ProblemType.fromUri("urn:taskledger:problem:conflict")).isNull();
        assertThat(ProblemType.fromUri(null)).isNull();
    }

    @Test
    void aStatusAloneNamesItsOnlyType_orTheGeneralOneOfItsClass() {
        assertThat(ProblemType.forStatus(414)).isEqualTo(ProblemType.URI_TOO_LONG);
        assertThat(ProblemType.forStatus(431)).isEqualTo(ProblemType.HEADERS_TOO_LARGE);
        assertThat(ProblemType.forStatus(408)).isEqualTo(ProblemType.REQUEST_TIMEOUT);
        assertThat(ProblemType.forStatus(400)).isEqualTo(ProblemType.BAD_REQUEST);
        assertThat(ProblemType.forStatus(505)).isEqualTo(ProblemType.INTERNAL);
    }
}
