package dev.taskledger.queue.spi;

import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskOrder;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskSort;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The opaque keyset cursor of {@link TaskStore#list}, the same on every backend: the sort key of a page's last task,
 * its parts joined with {@code |} and base64url-encoded. A listing by priority (claim order: priority desc, run_at, id;
 * or its reverse) keys on (priority, run_at, id), a listing by created_at on the id alone. The cursor of a listing in
 * its sort's own direction (claim order, oldest first) is the key alone, as before sorting existed; any other starts
 * with the sort and the direction, so a cursor used with another sort or direction than the one it came from is a 400,
 * as is one no listing produced (not base64url, the wrong number of parts, a part that does not parse, a run_at
 * outside the years 0000-9999 the databases compare).
 */
public final class TaskCursor {
    private TaskCursor() {}

    /** Where a claim-order page ends: the next page starts after this key. */
    public record ClaimOrderKey(int priority, Instant runAt, UUID id) {}

    /** Whether {@code q} sorts by the claim-order key (priority, run_at, id), in either direction (else by id). */
    public static boolean inClaimOrder(TaskQuery q) {
        return q.order().sort() == TaskSort.PRIORITY;
    }

    /** The cursor of the page of {@code q} that ends with {@code last}. */
    public static String after(Task last, TaskQuery q) {
        return inClaimOrder(q)
                ? encode(q.order(), Integer.toString(last.priority()), Long.toString(last.runAt().toEpochMilli()), last.id().toString())
                : encode(q.order(), last.id().toString());
    }

    /**
     * {@code q}, starting where its {@code created_after} lets an oldest-first id-order listing start when it has no
     * cursor yet: a task's id is a UUIDv7 whose time is never before the millisecond of its {@code created_at}
     * ({@code Ids.newId(createdAt)}), so every task created after {@code created_after} has an id above the smallest
     * UUID of that millisecond. The listing then reads from there on its primary key, instead of filtering every
     * older task out first.
     */
    public static TaskQuery startOf(TaskQuery q) {
        if (q.cursor() != null || q.createdAfter() == null || !q.order().equals(TaskOrder.CREATION_ORDER)
                || q.createdAfter().toEpochMilli() <= 0) {
            return q; // (no UUIDv7 time is before 1970)
        }
        UUID below = new UUID(q.createdAfter().toEpochMilli() << 16, 0L);
        return q.withCursor(encode(q.order(), below.toString()));
    }

    /** The id after which an id-order listing goes on (null: from the start). */
    public static UUID afterId(TaskQuery q) {
        return q.cursor() == null ? null : parse(decode(q, 1)[0], UUID::fromString);
    }

    /** The key after which a claim-order listing goes on (null: from the start). */
    public static ClaimOrderKey afterInClaimOrder(TaskQuery q) {
        if (q.cursor() == null) {
            return null;
        }
        String[] parts = decode(q, 3);
        Instant runAt = Instant.ofEpochMilli(parse(parts[1], Long::parseLong));
        if (!Timestamps.inRange(runAt)) {
            throw invalid();
        }
        return new ClaimOrderKey(parse(parts[0], Integer::parseInt), runAt, parse(parts[2], UUID::fromString));
    }

    /** The sort and direction a cursor starts with, unless it is the sort's own direction. */
    private static List<String> prefix(TaskOrder order) {
        return order.isDefaultDirection() ? List.of() : List.of(order.sort().wireName(), order.direction());
    }

    private static String encode(TaskOrder order, String... key) {
        List<String> parts = new ArrayList<>(prefix(order));
        parts.addAll(List.of(key));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code keyParts} parts of the key of {@code q}'s cursor, after the prefix of {@code q}'s order. */
    private static String[] decode(TaskQuery q, int keyParts) {
        List<String> prefix = prefix(q.order());
        try {
            String[] split = new String(Base64.getUrlDecoder().decode(q.cursor()), StandardCharsets.UTF_8).split("\\|", -1);
            if (split.length == prefix.size() + keyParts
                    && Arrays.asList(split).subList(0, prefix.size()).equals(prefix)) {
                return Arrays.copyOfRange(split, prefix.size(), split.length);
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
        return ServiceException.badRequest("cursor is not one this listing produced (a cursor belongs to the filter, sort"
                + " and order of the listing that returned it)");
    }
}
