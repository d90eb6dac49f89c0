package dev.taskledger.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The PostgreSQL notification channel on which the service nodes of one schema tell each other that tasks may be
 * ready, and this store's name on it. The channel is per schema (several installations may share one database;
 * a channel name is at most 63 bytes, so the schema is digested), and each payload names the sending store
 * ({@code "<node> <tenant>"}) so a node can skip its own notifications.
 *
 * @param name the channel, {@code taskledger_ready_<16 hex digits of SHA-256(schema)>}
 * @param node this store's random id
 */
record ReadyChannel(String name, String node) {

    static ReadyChannel forSchema(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(schema).getBytes(StandardCharsets.UTF_8));
            return new ReadyChannel("taskledger_ready_" + HexFormat.of().formatHex(digest, 0, 8), UUID.randomUUID().toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The payload of a notification from this store about {@code tenant}. */
    String payload(String tenant) {
        return node + " " + tenant;
    }

    /** True when {@code payload} came from this store. */
    boolean isOwn(String payload) {
        return payload.startsWith(node + " ");
    }

    /** The tenant a payload names, or null when it names none. */
    static String tenantOf(String payload) {
        int space = payload.indexOf(' ');
        return space < 0 ? null : payload.substring(space + 1);
    }
}
