package dev.taskledger.queue.spi;

import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * The opaque keyset cursor of {@link TaskStore#list}, the same on every backend: the sort key of a page's last task,
 * its parts joined with {@code |} and base64url-encoded. Pending tasks are listed in claim order (priority desc,
 * run_at, id), any other listing in id order. A cursor no listing produced (not base64url, the wrong number of parts,
 * a part that does not parse, a run_at outside the years 0000-9999 the databases compare) is a 400.
 */
public final class TaskCursor {
    private TaskCursor() {}

    /** Where a claim-order page ends: the next page starts after this key. */
    public record ClaimOrderKey(int priority, Instant runAt, UUID id) {}

    /** Whether {@code q} lists in claim order (else in id order). */
    public static boolean inClaimOrder(TaskQuery q) {
        return q.status() == TaskStatus.PENDING;
    }

    /** The cursor of the page that ends with {@code last}. */
    public static String after(Task last, boolean claimOrder) {
        return claimOrder
                ? encode(Integer.toString(last.priority()), Long.toString(last.runAt().toEpochMilli()), last.id().toString())
                : encode(last.id().toString());
    }

    /**
     * {@code q}, starting where its {@code created_after} lets an id-order listing start when it has no cursor yet: a
     * task's id is a UUIDv7 whose time is never before the millisecond of its {@code created_at}
     * ({@code Ids.newId(createdAt)}), so every task created after {@code created_after} has an id above the smallest
     * UUID of that millisecond. The listing then reads from there on its primary key, instead of filtering every
     * older task out first.
     */
    public static TaskQuery startOf(TaskQuery q) {
        if (q.cursor() != null || q.createdAfter() == null || inClaimOrder(q) || q.createdAfter().toEpochMilli() <= 0) {
            return q; // (no UUIDv7 time is before 1970)
        }
        UUID below = new UUID(q.createdAfter().toEpochMilli() << 16, 0L);
        return new TaskQuery(q.tenant(), q.status(), q.type(), q.tags(), q.createdAfter(), q.createdBefore(), q.limit(),
                encode(below.toString()));
    }

    /** The id after which an id-order listing goes on. */
    public static UUID afterId(String cursor) {
        return parse(decode(cursor, 1)[0], UUID::fromString);
    }

    /** The key after which a claim-order listing goes on. */
    public static ClaimOrderKey afterInClaimOrder(String cursor) {
        String[] parts = decode(cursor, 3);
        Instant runAt = Instant.ofEpochMilli(parse(parts[1], Long::parseLong));
        if (!Timestamps.inRange(runAt)) {
            throw invalid();
        }
        return new ClaimOrderKey(parse(parts[0], Integer::parseInt), runAt, parse(parts[2], UUID::fromString));
    }

    private static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor, int parts) {
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

    /** A part parsed by {@code parser}; a part it refuses (NumberFormatException included) is a 400. */
    private static <T> T parse(String part, Function<String, T> parser) {
        try {
            return parser.apply(part);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ServiceException invalid() {
        return ServiceException.badRequest("cursor is not one this listing produced");
    }
}
