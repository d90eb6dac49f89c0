package dev.taskledger.queue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link InputHash}: SHA-256 hex of an idempotency key, or of the type and the canonical payload. */
class InputHashTest {

    @Test
    void ofKey_isTheSha256OfTheTaggedKey() {
        assertThat(InputHash.ofKey("order-42")).isEqualTo("95da87b874635192805a3a76c5b912683f2eaf2e77ec90d6770fe89ad4f6f4d5");
    }

    @Test
    void ofPayload_isTheSha256OfTheTypeAndTheCanonicalPayload() {
        assertThat(InputHash.ofPayload("email.send", "{ \"b\" : \"x\", \"a\" : [2, {\"d\": true, \"c\": null}] }"))
                .isEqualTo("f61ebb82e531222ec0b1de6a592fa8aa85f75313e35ae651817458bd2ba71d6a");
    }

    @Test
    void canonical_sortsObjectKeysAtEveryDepth_keepsArrayOrder_andDropsSpacing() {
        assertThat(InputHash.canonical("{ \"b\" : \"x\", \"a\" : [2, {\"d\": true, \"c\": null}] }"))
                .isEqualTo("{\"a\":[2,{\"c\":null,\"d\":true}],\"b\":\"x\"}");
        assertThat(InputHash.canonical("[3,1,2]")).isEqualTo("[3,1,2]");
        assertThat(InputHash.canonical("\"caf\\u00e9\"")).isEqualTo("\"café\"");
    }

    @Test
    void theSamePayload_writtenDifferently_isTheSameTask_butAnotherTypeOrValueIsNot() {
        String hash = InputHash.ofPayload("t", "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}");

        assertThat(InputHash.ofPayload("t", "{\"b\":{\"d\":3,\"c\":2},\n  \"a\":1}")).isEqualTo(hash);
        assertThat(InputHash.ofPayload("u", "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}")).isNotEqualTo(hash);
        assertThat(InputHash.ofPayload("t", "{\"a\":1,\"b\":{\"c\":2,\"d\":4}}")).isNotEqualTo(hash);
        assertThat(InputHash.ofPayload("t", "[1,2]")).isNotEqualTo(InputHash.ofPayload("t", "[2,1]"));
    }

    @Test
    void aKeyAndAPayload_neverShareAHash() {
        assertThat(InputHash.ofKey("t\n1")).isNotEqualTo(InputHash.ofPayload("t", "1"));
        assertThat(InputHash.ofKey("x")).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void aPayloadThatIsNotJson_isAnError() {
        assertThatThrownBy(() -> InputHash.ofPayload("t", "{\"a\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload is not JSON");
    }
}
