package dev.taskledger.server.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.Json;
import dev.taskledger.server.http.Accepts;
import dev.taskledger.server.http.JsonBodies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the body of a reconcile request into the expected items: a JSON array of strings, a JSON object
 * {@code {"items": [...]}} (see {@code ReconcileRequest}), or plain text with one item per line (CRLF or LF,
 * empty lines skipped, nothing else trimmed). JSON is read by streaming tokens: 100,000 items cost one list.
 * Without a JSON Content-Type the first character decides ({@code [} or <code>{</code> means JSON).
 */
final class ReconcileBody {
    /** The body types reconcile takes (it changes nothing, so plain text, which any web page can send, is fine). */
    static final Accepts ACCEPTS = Accepts.JSON.and(Accepts.of("text/plain"));

    private ReconcileBody() {}

    static List<String> parse(String mediaType, byte[] body) {
        int first = RequestBodies.firstSignificant(body);
        boolean json = mediaType.equals("application/json") || mediaType.endsWith("+json");
        if (json || (!mediaType.equals("text/plain") && (first == '[' || first == '{'))) {
            return json(body);
        }
        return lines(body);
    }

    private static List<String> json(byte[] body) {
        try (JsonParser p = Json.mapper().createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                List<String> items = null;
                for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("items")) {
                        items = array(p);
                    } else {
                        p.skipChildren();
                    }
                }
                if (items == null) {
                    throw shape();
                }
                requireEnd(p);
                return items;
            }
            if (t != JsonToken.START_ARRAY) {
                throw shape();
            }
            List<String> items = array(p);
            requireEnd(p);
            return items;
        } catch (JsonProcessingException e) {
            throw JsonBodies.problem(e, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> array(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw shape();
        }
        List<String> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
                throw ServiceException.badRequest("items[" + items.size() + "] is not a string");
            }
            items.add(checked(p.getText(), items.size()));
        }
        return items;
    }

    private static List<String> lines(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> items = new ArrayList<>();
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (stop > start) {
                items.add(checked(text.substring(start, stop), items.size()));
            }
            start = end + 1;
        }
        return items;
    }

    /** No item can hold NUL (recording refuses it), and PostgreSQL text cannot carry it into the lookup. */
    private static String checked(String item, int index) {
        if (item.indexOf('\0') >= 0) {
            throw ServiceException.invalid("items[" + index + "] must not contain the NUL character");
        }
        return item;
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw ServiceException.badRequest("unexpected content after the JSON value");
        }
    }

    private static ServiceException shape() {
        return ServiceException.badRequest("the body must be a JSON array of items, {\"items\": [...]}, or text with one item per line");
    }
}
