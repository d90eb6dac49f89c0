package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one Jackson configuration of Taskledger's wire format, shared by the server and the Java client.
 *
 * <ul>
 *   <li>Timestamps are RFC 3339 strings in UTC ({@code 2026-11-22T10:15:30.123Z}), never numbers; a request's
 *       timestamp must be such a string too (any offset).</li>
 *   <li>Null fields are left out of responses.</li>
 *   <li>Unknown request fields are ignored (older clients and newer servers keep talking), but trailing
 *       garbage after the JSON value and fractions where an integer is expected are errors.</li>
 * </ul>
 * DTO field names are spelled out with {@code @JsonProperty}, so a caller's own mapper settings cannot
 * change the wire names.
 */
public final class Json {
    /** RFC 9457 media type of every error response. */
    public static final String PROBLEM_CONTENT_TYPE = "application/problem+json";
    /** Media type of every other JSON response. */
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    /** The shared, thread-safe mapper. Do not reconfigure it: use {@link #newMapper()} for a private copy. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A fresh mapper with the wire configuration. Its parsers and generators take their buffers from a shared
     * pool: Jackson's default pool keeps them per thread, which a virtual thread (one per request) never reuses,
     * so every request allocated new buffers (a fifth of the server's allocation per create).
     */
    public static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("rfc3339-instants").addDeserializer(Instant.class, new Rfc3339Instant()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Serializes with the shared mapper; DTOs always serialize, so failures are unchecked. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes with the shared mapper to a string. */
    public static String toText(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a JSON document into {@code type}.
     *
     * @throws com.fasterxml.jackson.core.exc.StreamReadException when the text is not JSON
     * @throws com.fasterxml.jackson.databind.DatabindException when it is JSON of the wrong shape
     */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /** Parses a JSON document into {@code type}; see {@link #read(byte[], Class)}. */
    public static <T> T read(String json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }
}
