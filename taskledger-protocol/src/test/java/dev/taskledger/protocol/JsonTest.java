package dev.taskledger.protocol;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    private static final Instant T = Instant.parse("2026-11-22T10:15:30.123Z");

    private static TaskDto task(String payload, String leaseToken) {
        return new TaskDto("id-1", "id-1", "default", "email", "processing", "Processing", 5, 1, payload, "{}",
                Map.of("k", "v"), null, 1, 3, 300, T, "w1", leaseToken, T, T, T, T, null, 2, null, null, null, null);
    }

    @Test
    void task_writesRawJsonFieldsAsJson_omitsNulls_andUsesRfc3339Utc() {
        String json = Json.toText(task("{\"a\":[1,2.50,\"x\\u0000y\"]}", null));

        assertThat(json).contains("\"payload\":{\"a\":[1,2.50,\"x\\u0000y\"]}")
                .contains("\"metadata\":{}")
                .contains("\"task_id\":\"id-1\"")
                .contains("\"created_at\":\"2026-11-22T10:15:30.123Z\"")
                .doesNotContain("lease_token").doesNotContain("finished_at").doesNotContain("\"error\"");
    }

    @Test
    void task_roundTripsThroughTheSharedMapper() throws Exception {
        TaskDto original = task("{\"big\":12345678901234567890.000000000001,\"nul\":\"\\u0000\"}", "tok");

        TaskDto read = Json.read(Json.toBytes(original), TaskDto.class);

        assertThat(read).isEqualTo(original);
    }

    @Test
    void create_acceptsTaskTypeAlias_andWrapsRequestAndTemplateIntoThePayload() throws Exception {
        CreateTaskRequest r = Json.read("""
                {"task_type":"GENERATIVE","request":{"content":{"text":"hi"}},"template":{"p":1},
                 "tags":{"service":"gen"},"unknown_field":true}""", CreateTaskRequest.class);

        assertThat(r.type()).isEqualTo("GENERATIVE");
        assertThat(r.effectivePayload()).isEqualTo("{\"request\":{\"content\":{\"text\":\"hi\"}},\"template\":{\"p\":1}}");
        assertThat(r.tags()).containsEntry("service", "gen");
    }

    @Test
    void create_keepsAnExplicitPayloadVerbatim() throws Exception {
        CreateTaskRequest r = Json.read("{\"type\":\"t\",\"payload\":[1, 2,\n3]}", CreateTaskRequest.class);

        assertThat(r.effectivePayload()).isEqualTo("[1,2,3]");
        assertThat(CreateTaskRequest.of("t", null).effectivePayload()).isNull();
    }

    @Test
    void batch_acceptsTheObjectFormAndABareArray() throws Exception {
        CreateTasksRequest object = Json.read("{\"x\":{\"y\":1},\"tasks\":[{\"type\":\"a\"},{\"type\":\"b\"}]}", CreateTasksRequest.class);
        CreateTasksRequest array = Json.read("[{\"type\":\"a\"}]", CreateTasksRequest.class);

        assertThat(object.tasks()).extracting(CreateTaskRequest::type).containsExactly("a", "b");
        assertThat(array.tasks()).extracting(CreateTaskRequest::type).containsExactly("a");
        assertThat(Json.toText(array)).isEqualTo("{\"tasks\":[{\"type\":\"a\"}]}");
    }

    @Test
    void complete_takesTheResultMember_orElseTheWholeBodyLessTheLeaseToken() throws Exception {
        CompleteRequest wrapped = Json.read("{\"lease_token\":\"t\",\"result\":{\"n\":1.10}}", CompleteRequest.class);
        CompleteRequest bare = Json.read("{\"generated_text\":\"hi\",\"lease_token\":\"t\",\"meta\":{\"n\":1}}", CompleteRequest.class);
        CompleteRequest tokenOnly = Json.read("{\"lease_token\":\"t\"}", CompleteRequest.class);
        CompleteRequest scalar = Json.read("\"done\"", CompleteRequest.class);

        assertThat(wrapped).isEqualTo(new CompleteRequest("t", "{\"n\":1.10}"));
        assertThat(bare).isEqualTo(new CompleteRequest("t", "{\"generated_text\":\"hi\",\"meta\":{\"n\":1}}"));
        assertThat(tokenOnly).isEqualTo(new CompleteRequest("t", null));
        assertThat(scalar.result()).isEqualTo("\"done\"");
        assertThat(Json.toText(wrapped)).isEqualTo("{\"lease_token\":\"t\",\"result\":{\"n\":1.10}}");
    }

    @Test
    void claim_acceptsWorkerAliases_andOneTypeAsAString() throws Exception {
        ClaimTasksRequest a = Json.read("{\"types\":\"email\",\"type\":\"sms\",\"service_id\":\"svc\"}", ClaimTasksRequest.class);
        ClaimTasksRequest b = Json.read("{\"types\":[\"x\",\"y\"],\"processor_id\":\"p\"}", ClaimTasksRequest.class);

        assertThat(a.allTypes()).containsExactly("email", "sms");
        assertThat(a.worker()).isEqualTo("svc");
        assertThat(b.allTypes()).containsExactly("x", "y");
        assertThat(b.worker()).isEqualTo("p");
    }

    @Test
    void fail_acceptsMessageAlias_andKeepsANonStringErrorAsJsonText() throws Exception {
        assertThat(Json.read("{\"message\":\"boom\"}", FailRequest.class).error()).isEqualTo("boom");
        FailRequest object = Json.read("{\"error\":{\"code\":7},\"retryable\":false}", FailRequest.class);
        assertThat(object.error()).isEqualTo("{\"code\":7}");
        assertThat(object.isRetryable()).isFalse();
        assertThat(FailRequest.EMPTY.isRetryable()).isTrue();
    }

    @Test
    void malformedJsonIsAStreamReadError_andAWrongTypeIsADatabindError() {
        assertThatThrownBy(() -> Json.read("{\"type\":", CreateTaskRequest.class)).isInstanceOf(StreamReadException.class);
        assertThatThrownBy(() -> Json.read("{\"type\":\"t\"} trailing", CreateTaskRequest.class)).isInstanceOf(StreamReadException.class);
        assertThatThrownBy(() -> Json.read("{\"priority\":\"high\"}", CreateTaskRequest.class)).isInstanceOf(DatabindException.class);
        assertThatThrownBy(() -> Json.read("{\"priority\":1.5}", CreateTaskRequest.class)).isInstanceOf(DatabindException.class);
    }
}
