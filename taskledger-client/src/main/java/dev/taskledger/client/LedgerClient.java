package dev.taskledger.client;

import dev.taskledger.client.Transport.Call;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ledger.LedgerBatchResultDto;
import dev.taskledger.protocol.ledger.LedgerEntryDto;
import dev.taskledger.protocol.ledger.LedgerPageDto;
import dev.taskledger.protocol.ledger.LedgerRecordRequest;
import dev.taskledger.protocol.ledger.LedgerSummaryDto;
import dev.taskledger.protocol.ledger.ReconcileReportDto;
import dev.taskledger.protocol.ledger.ReconcileRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The ledger of one-off work, reached through {@link TaskledgerClient#ledger()}: record the outcome
 * of each attempt at (task_name, task_item), look entries up, and find what failed or was missed.
 */
public final class LedgerClient {
    private static final String LEDGER = "/api/v1/ledger";

    private final Transport transport;

    LedgerClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Records one attempt (an upsert): the first record of (name, item) has retries 0, every later one adds a
     * retry and replaces status and note. {@code status} is ok, fail, pending, partial or unknown (null = unknown).
     */
    public LedgerEntryDto record(String taskName, String taskItem, String status, String note) {
        return record(new LedgerRecordRequest(taskName, taskItem, status, note));
    }

    public LedgerEntryDto record(LedgerRecordRequest request) {
        return transport.send(new Call("POST", LEDGER).json(request), LedgerEntryDto.class);
    }

    /**
     * Records many attempts in one request (validated whole before any is written); returns how many were
     * recorded. Keep a request under the server's 1 MiB body limit (about 5,000 short records).
     */
    public int recordBatch(List<LedgerRecordRequest> records) {
        return transport.send(new Call("POST", LEDGER + "/batch").json(records), LedgerBatchResultDto.class).recorded();
    }

    /** Records a batch given as CSV (header row {@code task_name,task_item,status,note}) or NDJSON text. */
    public int recordBatch(byte[] body, String contentType) {
        return transport.send(new Call("POST", LEDGER + "/batch").body(body, contentType), LedgerBatchResultDto.class).recorded();
    }

    /** The entry of (name, item), or empty when there is none. */
    public Optional<LedgerEntryDto> get(String taskName, String taskItem) {
        return entry("GET", taskName, taskItem);
    }

    /** Deletes the entry of (name, item); returns it as it was, or empty when there was none. */
    public Optional<LedgerEntryDto> delete(String taskName, String taskItem) {
        return entry("DELETE", taskName, taskItem);
    }

    /** One page of entries in the order they were first recorded; pass {@link LedgerPageDto#nextCursor()} for the next (null first). */
    public LedgerPageDto list(LedgerFilter filter, String cursor) {
        Call call = filtered(LEDGER, filter).query("limit", filter.limit()).query("cursor", cursor);
        return transport.send(call, LedgerPageDto.class);
    }

    /** Every matching entry, fetching pages lazily as the stream is consumed. */
    public Stream<LedgerEntryDto> listAll(LedgerFilter filter) {
        return Pages.stream(cursor -> list(filter, cursor), LedgerPageDto::entries, LedgerPageDto::nextCursor);
    }

    /** Per task_name (all, or only {@code taskName} when not null): counts per status, first/last attempt, retries. */
    public List<LedgerSummaryDto.TaskSummary> summary(String taskName) {
        return transport.send(new Call("GET", LEDGER + "/summary").query("task_name", taskName), LedgerSummaryDto.class)
                .summaries();
    }

    /** Which of {@code expectedItems} have no entry under {@code taskName}, and which are not ok. */
    public ReconcileReportDto reconcile(String taskName, List<String> expectedItems) {
        Call call = new Call("POST", LEDGER + "/" + Transport.segment(taskName) + "/reconcile")
                .json(new ReconcileRequest(expectedItems));
        return transport.send(call, ReconcileReportDto.class);
    }

    /**
     * Streams the export as lines ({@code format} csv, with a header line, or ndjson). Close the stream (use
     * try-with-resources); it reads from the connection as it is consumed, so exports of any size fit in memory.
     */
    public Stream<String> export(LedgerFilter filter, String format) {
        Call call = filtered(LEDGER + "/export", filter).query("format", format);
        InputStream in = transport.stream(call);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return reader.lines().onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Each export line of an NDJSON export as an entry. */
    public static LedgerEntryDto parseNdjsonLine(String line) {
        try {
            return Json.read(line, LedgerEntryDto.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET} or {@code DELETE} of the entry of (name, item): the entry, or empty when there is none. */
    private Optional<LedgerEntryDto> entry(String method, String taskName, String taskItem) {
        Call call = new Call(method, LEDGER + "/entry").query("task_name", taskName).query("task_item", taskItem);
        try {
            return Optional.ofNullable(transport.send(call, LedgerEntryDto.class));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** A {@code GET} of {@code path} with the filters a listing and an export share. */
    private static Call filtered(String path, LedgerFilter filter) {
        return new Call("GET", path).query("task_name", filter.taskName()).query("status", filter.status())
                .query("updated_after", filter.updatedAfter());
    }
}
