package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JsonMerge}: RFC 7386 merge patches of task metadata, including the RFC's own examples (appendix A). */
class JsonMergeTest {

    @Test
    void theRfcExamples() {
        assertMerge("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
        assertMerge("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}");
        assertMerge("{\"a\":\"b\"}", "{\"a\":null}", "{}");
        assertMerge("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}");
        assertMerge("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
        assertMerge("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}");
        assertMerge("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}");
        assertMerge("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}");
        assertMerge("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}");
        assertMerge("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}");
        assertMerge("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}");
    }

    @Test
    void nestedObjects_mergeMemberByMember() {
        assertMerge("{\"a\":{\"b\":1,\"c\":2},\"z\":0}", "{\"a\":{\"b\":null,\"d\":3}}", "{\"a\":{\"c\":2,\"d\":3},\"z\":0}");
    }

    @Test
    void anObjectReplacingAScalar_dropsItsNullMembers() {
        assertMerge("{\"a\":5}", "{\"a\":{\"x\":null,\"y\":1}}", "{\"a\":{\"y\":1}}");
    }

    @Test
    void noMetadataYet_isTheEmptyObject() {
        assertMerge("null", "{\"a\":1}", "{\"a\":1}");
        assertMerge("{\"a\":1}", "{}", "{\"a\":1}");
    }

    @Test
    void aPatchThatIsNotAnObject_orNotJson_isRefused() {
        assertThatThrownBy(() -> JsonMerge.mergeObject("{}", "[1]"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID))
                .hasMessage("metadata must be a JSON object");
        assertThatThrownBy(() -> JsonMerge.mergeObject("{}", "{\"a\":"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID))
                .hasMessage("metadata is not valid JSON");
    }

    @Test
    void isObject_isTrueOnlyForAJsonObject() {
        assertThat(JsonMerge.isObject("{\"a\":1}")).isTrue();
        assertThat(JsonMerge.isObject("{}")).isTrue();
        assertThat(JsonMerge.isObject("[]")).isFalse();
        assertThat(JsonMerge.isObject("\"text\"")).isFalse();
        assertThat(JsonMerge.isObject("{")).isFalse();
    }

    private static void assertMerge(String target, String patch, String expected) {
        assertThat(JsonMerge.mergeObject(target, patch)).as("%s merged with %s", target, patch).isEqualTo(expected);
    }
}
