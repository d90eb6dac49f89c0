package dev.taskledger.queue;

import dev.taskledger.common.Ids;
import dev.taskledger.common.ServiceException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/** Where a page of a task's events ended: the last event's time and id, opaque to callers (base64url). */
record EventCursor(Instant createdAt, UUID id) {

    static EventCursor of(TaskEvent last) {
        return new EventCursor(last.createdAt(), last.id());
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** A 400 when {@code cursor} is not one this class wrote. */
    static EventCursor parse(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            UUID id = bar < 0 ? null : Ids.parseOrNull(text.substring(bar + 1));
            if (id == null) {
                throw ServiceException.badRequest("the events cursor '" + cursor + "' is not valid");
            }
            return new EventCursor(Instant.parse(text.substring(0, bar)), id);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ServiceException.badRequest("the events cursor '" + cursor + "' is not valid");
        }
    }
}
