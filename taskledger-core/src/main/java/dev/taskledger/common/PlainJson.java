package dev.taskledger.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

/**
 * The core's one plain Jackson mapper (JSON trees for payload checks, merges, hashes and event details). Its
 * parsers and generators take their buffers from a shared pool: Jackson's default pool keeps them per thread,
 * which a virtual thread (one per request) never reuses, so every request allocated fresh buffers.
 */
public final class PlainJson {
    public static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private PlainJson() {}

    /** {@code node} as compact JSON text (what {@code node.toString()} gives, with pooled buffers). */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
