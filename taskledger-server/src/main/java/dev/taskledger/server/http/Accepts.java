package dev.taskledger.server.http;

import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Endpoint metadata: the media types of the request bodies an endpoint takes. An endpoint without it takes
 * JSON only ({@link #JSON}: {@code application/json} and any {@code application/*+json}). {@link RequestFilter}
 * answers 415 when a request carries a body labelled with any other type, before the handler runs; a body
 * without a {@code Content-Type} is left to the handler (it reads JSON, or sniffs where it takes several types).
 *
 * <p>Browsers send {@code text/plain}, {@code application/x-www-form-urlencoded} and {@code multipart/form-data}
 * across origins without asking first, so only the endpoints that must take forms (the replic ledger's) do.
 */
public record Accepts(Set<String> mediaTypes) implements EndpointMetadata {
    private static final String JSON_TYPE = "application/json";
    public static final Accepts JSON = new Accepts(Set.of(JSON_TYPE));
    /** The replic ledger's form fields, sent by {@code curl -F} (multipart) or {@code curl -d} (urlencoded). */
    public static final Accepts FORMS = new Accepts(Set.of("multipart/form-data", "application/x-www-form-urlencoded"));
    public static final Accepts JSON_OR_FORMS = JSON.and(FORMS);
    /** Newline-delimited JSON under each of its names. */
    public static final Accepts NDJSON = new Accepts(Set.of("application/x-ndjson", "application/ndjson", "application/jsonl",
            "application/x-jsonlines", "application/jsonlines"));

    public Accepts {
        mediaTypes = Set.copyOf(mediaTypes);
    }

    public static Accepts of(String... mediaTypes) {
        return new Accepts(Set.of(mediaTypes));
    }

    public Accepts and(Accepts other) {
        HashSet<String> all = new HashSet<>(mediaTypes);
        all.addAll(other.mediaTypes);
        return new Accepts(all);
    }

    /** {@code endpoint} taking these types. */
    public Endpoint on(Endpoint endpoint) {
        return endpoint.withMetadata(this);
    }

    /** Whether a body of {@code mediaType} (lowercase, without parameters) is taken. */
    boolean allows(String mediaType) {
        return mediaTypes.contains(mediaType)
                || mediaTypes.contains(JSON_TYPE) && mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    /** The types an endpoint takes: its own, else JSON. */
    static Accepts of(Endpoint endpoint) {
        Accepts accepts = endpoint == null ? null : endpoint.metadata(Accepts.class);
        return accepts == null ? JSON : accepts;
    }

    /** The media type of a {@code Content-Type} value without parameters, lowercase; empty when absent or blank. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** For messages: the accepted types, sorted. */
    String describe() {
        return String.join(", ", new TreeSet<>(mediaTypes)) + (mediaTypes.contains(JSON_TYPE) ? " (or application/*+json)" : "");
    }
}
