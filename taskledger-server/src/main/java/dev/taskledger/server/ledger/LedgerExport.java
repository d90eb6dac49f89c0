package dev.taskledger.server.ledger;

import dev.taskledger.common.ServiceException;
import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.protocol.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Streams ledger entries as CSV (RFC 4180, header row {@value #CSV_HEADER}, timestamps RFC 3339 UTC, no note =
 * empty field) or NDJSON (one {@code LedgerEntryDto} object per line), page by page: at most one page of
 * {@link LedgerService#MAX_LIST} entries is in memory, and no database transaction stays open while the
 * client reads (on SQLite the store has one connection, so a slow download must not hold it; and a
 * transaction the store retries could otherwise write rows twice).
 */
final class LedgerExport {
    static final String CSV_HEADER = "id,task_name,task_item,retries,status,note,created,updated";

    /** The two formats and their media types. */
    enum Format {
        CSV("text/csv; charset=utf-8", "csv"),
        NDJSON("application/x-ndjson", "ndjson");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        /** {@code csv} (the default when absent) or {@code ndjson}/{@code jsonl}, any case; else 400. */
        static Format parse(String text) {
            if (text == null || text.isBlank()) {
                return CSV;
            }
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "ndjson", "jsonl", "json" -> NDJSON;
                default -> throw ServiceException.badRequest("format must be csv or ndjson, not '" + text + "'");
            };
        }
    }

    private LedgerExport() {}

    /** Writes every entry matching {@code query} (its limit and cursor are replaced) to {@code out}. */
    static void write(LedgerService ledger, LedgerIds ids, LedgerQuery query, Format format, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        if (format == Format.CSV) {
            w.write(CSV_HEADER);
            w.write("\r\n");
        }
        StringBuilder line = new StringBuilder(256);
        Long after = null;
        do {
            LedgerPage page = ledger.list(new LedgerQuery(query.tenant(), query.taskName(), query.status(),
                    query.updatedAfter(), LedgerService.MAX_LIST, after));
            for (LedgerEntry e : page.items()) {
                line.setLength(0);
                if (format == Format.CSV) {
                    csv(line, e, ids);
                } else {
                    line.append(Json.toText(LedgerJson.entry(e, ids))).append('\n');
                }
                w.append(line);
            }
            w.flush(); // hand each page to the client as it is read
            after = page.nextAfterId();
        } while (after != null);
    }

    private static void csv(StringBuilder line, LedgerEntry e, LedgerIds ids) {
        line.append(ids.encode(e.id(), e.tenant())).append(',');
        Csv.appendField(line, e.taskName());
        line.append(',');
        Csv.appendField(line, e.taskItem());
        line.append(',').append(e.retries()).append(',').append(e.status().dbName()).append(',');
        Csv.appendField(line, e.note());
        line.append(',').append(DateTimeFormatter.ISO_INSTANT.format(e.created()))
                .append(',').append(DateTimeFormatter.ISO_INSTANT.format(e.updated())).append("\r\n");
    }
}
