package dev.taskledger.server.ledger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.taskledger.common.ServiceException;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ledger.LedgerRecordRequest;
import dev.taskledger.server.http.Accepts;
import dev.taskledger.server.http.JsonBodies;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes the body of {@code POST /api/v1/ledger/batch} into validated records. Formats, by Content-Type:
 * {@code application/json} (an array of {@link LedgerRecordRequest} objects), {@code application/x-ndjson}
 * (one object per line, blank lines skipped) and {@code text/csv} (RFC 4180 with a header row naming the columns
 * {@code task_name,task_item,status,note}; {@code name}, {@code item} and {@code current_status} also work,
 * other columns are ignored, so an export can be fed back). Without a Content-Type the first character decides.
 * Every row is validated before anything is written; an error names its row (the first data row is row 1).
 */
final class BatchBody {
    private static final ObjectMapper MAPPER = Json.mapper();
    // rows are read one at a time from a parser positioned inside the array: what follows a row is not "trailing"
    private static final ObjectReader ROW = MAPPER.readerFor(LedgerRecordRequest.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> NDJSON = Accepts.NDJSON.mediaTypes();
    private static final Set<String> CSV = Set.of("text/csv", "application/csv");
    /** The body types the batch endpoint takes (any other label is a 415 before the body is read). */
    static final Accepts ACCEPTS = Accepts.JSON.and(Accepts.NDJSON).and(new Accepts(CSV));

    private BatchBody() {}

    static List<LedgerRecord> parse(String tenant, String mediaType, byte[] body) {
        try {
            if (NDJSON.contains(mediaType)) {
                return ndjson(tenant, body);
            }
            if (CSV.contains(mediaType)) {
                return csv(tenant, body);
            }
            if (mediaType.isEmpty()) {
                int first = RequestBodies.firstSignificant(body);
                return first == '[' ? jsonArray(tenant, body) : first == '{' ? ndjson(tenant, body) : csv(tenant, body);
            }
            if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
                // one bare object per line is NDJSON even when labelled JSON
                return RequestBodies.firstSignificant(body) == '{' ? ndjson(tenant, body) : jsonArray(tenant, body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw ServiceException.badRequest("unsupported Content-Type '" + mediaType
                + "': send application/json (an array), application/x-ndjson or text/csv");
    }

    private static List<LedgerRecord> jsonArray(String tenant, byte[] body) throws IOException {
        List<LedgerRecord> records = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw ServiceException.badRequest("the body must be a JSON array of {task_name, task_item, status, note} objects");
            }
            int row = 0;
            while (true) {
                JsonToken t;
                try {
                    t = p.nextToken();
                } catch (JacksonException e) {
                    throw notJson(row + 1, e);
                }
                if (t == JsonToken.END_ARRAY) {
                    break;
                }
                row++;
                records.add(validate(tenant, readRow(p, row), row));
            }
            try {
                if (p.nextToken() != null) {
                    throw ServiceException.badRequest("unexpected content after the JSON array");
                }
            } catch (JacksonException e) {
                throw ServiceException.badRequest("unexpected content after the JSON array");
            }
        } catch (JsonProcessingException e) {
            throw JsonBodies.problem(e, "");
        }
        return records;
    }

    private static LedgerRecordRequest readRow(JsonParser p, int row) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ServiceException.badRequest("row " + row + ": expected an object {task_name, task_item, status, note}");
        }
        try {
            return ROW.readValue(p);
        } catch (IOException e) {
            throw notJson(row, e);
        }
    }

    private static List<LedgerRecord> ndjson(String tenant, byte[] body) throws IOException {
        List<LedgerRecord> records = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        int row = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            row++;
            LedgerRecordRequest request;
            try (JsonParser p = MAPPER.createParser(line)) {
                p.nextToken();
                request = readRow(p, row);
                if (p.nextToken() != null) {
                    throw ServiceException.badRequest("row " + row + ": one JSON object per line expected");
                }
            } catch (JacksonException e) {
                throw notJson(row, e);
            }
            records.add(validate(tenant, request, row));
        }
        return records;
    }

    private static List<LedgerRecord> csv(String tenant, byte[] body) throws IOException {
        Csv.Reader reader = new Csv.Reader(new BufferedReader(
                new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)), 0);
        List<String> header = reader.next();
        if (header == null) {
            return List.of();
        }
        int name = -1, item = -1, status = -1, note = -1;
        for (int i = 0; i < header.size(); i++) {
            switch (header.get(i).trim().toLowerCase(Locale.ROOT)) {
                case "task_name", "name" -> name = i;
                case "task_item", "item" -> item = i;
                case "status", "current_status" -> status = i;
                case "note" -> note = i;
                default -> { } // other columns (id, retries, created, ... of an export) are ignored
            }
        }
        if (name < 0 || item < 0) {
            throw ServiceException.badRequest("the CSV header row must name the columns task_name and task_item"
                    + " (and optionally status, note), e.g. task_name,task_item,status,note");
        }
        List<LedgerRecord> records = new ArrayList<>();
        for (List<String> fields = reader.next(); fields != null; fields = reader.next()) {
            if (fields.size() == 1 && fields.getFirst().isEmpty()) {
                continue; // a blank line
            }
            int row = reader.row();
            if (fields.size() > header.size()) {
                throw ServiceException.badRequest("row " + row + ": " + fields.size() + " fields but the header has "
                        + header.size() + " (quote fields that contain commas)");
            }
            records.add(LedgerService.validate(tenant, field(fields, name), field(fields, item), field(fields, status),
                    field(fields, note), "row " + row + ": "));
        }
        return records;
    }

    private static String field(List<String> fields, int index) {
        return index < 0 || index >= fields.size() ? null : fields.get(index);
    }

    private static LedgerRecord validate(String tenant, LedgerRecordRequest r, int row) {
        return LedgerService.validate(tenant, r.taskName(), r.taskItem(), r.status(), r.note(), "row " + row + ": ");
    }

    private static RuntimeException notJson(int row, Exception e) {
        if (e instanceof JsonProcessingException j) {
            return JsonBodies.problem(j, "row " + row);
        }
        return ServiceException.badRequest("row " + row + ": not a valid {task_name, task_item, status, note} object");
    }
}
