package dev.taskledger.store.jdbc;

import dev.taskledger.common.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded. */
final class Cursors {
    private Cursors() {}

    static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor made by {@link #encode} with the same number of parts; 400 for anything else. */
    static String[] decode(String cursor, int parts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] split = text.split("\\|", -1);
            if (split.length == parts) {
                return split;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the same answer as a cursor of the wrong shape
        }
        throw ServiceException.badRequest("cursor is not one this listing produced");
    }
}
