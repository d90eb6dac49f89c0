package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.io.StringWriter;

/**
 * The body of {@code POST /api/v1/tasks/{id}/complete}: {@code {"result": <any JSON>, "lease_token": ...}}.
 *
 * <p>The Task Repository Service's server takes the whole body as the result while its client sends
 * {@code {"result": ...}}, so both shapes are read: when the body has no {@code result} member, the whole body
 * (less {@code lease_token}) is the result; a body that is not an object is the result as it is. An empty body
 * means no result.
 */
@JsonDeserialize(using = CompleteRequest.Reader.class)
public record CompleteRequest(
        @JsonProperty("lease_token") String leaseToken,
        @JsonProperty("result") @JsonRawValue String result) {

    public static final CompleteRequest EMPTY = new CompleteRequest(null, null);

    /** Streams the body once: members other than result and lease_token are copied in case there is no result. */
    static final class Reader extends StdDeserializer<CompleteRequest> {
        private static final JsonFactory FACTORY = new JsonFactory();

        Reader() {
            super(CompleteRequest.class);
        }

        @Override
        public CompleteRequest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return new CompleteRequest(null, RawJson.copy(p));
            }
            String leaseToken = null;
            String result = null;
            boolean hasResult = false;
            int others = 0;
            StringWriter whole = new StringWriter();
            try (JsonGenerator g = FACTORY.createGenerator(whole)) {
                g.writeStartObject();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonToken value = p.nextToken();
                    if ("result".equals(name)) {
                        hasResult = true;
                        result = value == JsonToken.VALUE_NULL ? null : RawJson.copy(p);
                    } else if ("lease_token".equals(name) && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL)) {
                        leaseToken = value == JsonToken.VALUE_NULL ? null : p.getText();
                    } else if (hasResult) {
                        p.skipChildren(); // the whole body is no longer needed
                    } else {
                        g.writeFieldName(name);
                        g.copyCurrentStructureExact(p);
                        others++;
                    }
                }
                g.writeEndObject();
            }
            if (hasResult) {
                return new CompleteRequest(leaseToken, result);
            }
            return new CompleteRequest(leaseToken, others == 0 ? null : whole.toString());
        }
    }
}
