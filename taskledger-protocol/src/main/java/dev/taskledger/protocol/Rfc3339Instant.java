package dev.taskledger.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads an {@link Instant} from an RFC 3339 string only ({@code 2026-01-31T12:00:00Z}, any offset). Jackson's own
 * reader also takes numbers as epoch seconds and turned one it could not represent ({@code 1e300}) into
 * 1970-01-01 without a word; the wire format has timestamps as strings, so a number is refused as a value of the
 * wrong type.
 */
final class Rfc3339Instant extends StdDeserializer<Instant> {
    Rfc3339Instant() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        String text = p.getText().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 timestamp");
        }
    }
}
