package dev.taskledger.server.ledger;

import dev.taskledger.ledger.LedgerEntry;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replic ledger's reply shape for {@code /mrtreplic/task}: a flat JSON object whose values are all strings (the
 * original service read every column with {@code getString}), timestamps as MySQL prints them
 * ({@code yyyy-MM-dd HH:mm:ss}, UTC here), and NULL columns left out. Keys in the replic ledger's order.
 */
final class ReplicLedgerReply {
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ReplicLedgerReply() {}

    /** The entry in the replic ledger's shape; an absent entry is the empty object {@code {}}. */
    static Map<String, String> of(LedgerEntry e) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        out.put("task_name", e.taskName());
        out.put("retries", Integer.toString(e.retries()));
        if (e.note() != null) {
            out.put("note", e.note());
        }
        out.put("created", TIMESTAMP.format(e.created()));
        out.put("current_status", e.status().dbName());
        out.put("id", Long.toString(e.id()));
        out.put("updated", TIMESTAMP.format(e.updated()));
        out.put("task_item", e.taskItem());
        return out;
    }
}
