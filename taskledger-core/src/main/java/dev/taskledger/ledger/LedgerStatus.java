package dev.taskledger.ledger;

import java.util.Locale;
import java.util.Optional;

/** The replic ledger's {@code current_status} enum; the lowercase name is what the table and the API hold. */
public enum LedgerStatus {
    OK, FAIL, PENDING, PARTIAL, UNKNOWN;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive parse; empty for anything that is not one of the five values. */
    public static Optional<LedgerStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ok" -> Optional.of(OK);
            case "fail" -> Optional.of(FAIL);
            case "pending" -> Optional.of(PENDING);
            case "partial" -> Optional.of(PARTIAL);
            case "unknown" -> Optional.of(UNKNOWN);
            default -> Optional.empty();
        };
    }

    public static LedgerStatus fromDb(String dbName) {
        return parse(dbName).orElseThrow(() -> new IllegalStateException("unknown ledger status in database: " + dbName));
    }
}
