package dev.taskledger.store.mongo;

import dev.taskledger.common.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: the sort key of the last item of a page, base64url-encoded; a foreign cursor is a 400. */
final class Cursors {
    private Cursors() {}

    static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor made by {@link #encode} with {@code parts} parts. */
    static String[] decode(String cursor, int parts) {
        try {
            String[] split = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (split.length == parts) {
                return split;
            }
        } catch (IllegalArgumentException e) {
            // answered below like a cursor of the wrong shape
        }
        throw invalid();
    }

    static long number(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    static int integer(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    static ServiceException invalid() {
        return ServiceException.badRequest("cursor is not one this listing produced");
    }
}
