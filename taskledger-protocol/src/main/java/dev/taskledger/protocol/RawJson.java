package dev.taskledger.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.io.StringWriter;

/**
 * Reads any JSON value (object, array, string, number, ...) as its compact JSON text, streaming it from the
 * parser without building a tree, and keeping numbers exactly as written. Together with
 * {@code @JsonRawValue} on the same field it lets payloads, metadata and results pass through the server as
 * text: decoded once, never re-parsed for the response. A JSON {@code null} reads as Java {@code null}.
 *
 * <p>Control characters (including U+0000) come out as {@code \\u00XX} escapes, so the text is valid JSON
 * that any backend can store.
 */
public final class RawJson extends StdDeserializer<String> {
    private static final JsonFactory FACTORY = new JsonFactory();

    public RawJson() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return copy(p);
    }

    /** The compact JSON text of the value at the parser's current token; the parser ends on its last token. */
    public static String copy(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.copyCurrentStructureExact(p);
        }
        return out.toString();
    }

    /**
     * For free-text fields that some callers fill with JSON: a string reads as itself, any other value as its
     * compact JSON text (so {@code "error": {"code": 7}} is kept rather than refused).
     */
    public static final class LenientText extends StdDeserializer<String> {
        public LenientText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : copy(p);
        }
    }
}
