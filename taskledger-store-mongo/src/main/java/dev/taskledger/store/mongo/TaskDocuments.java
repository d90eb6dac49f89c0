package dev.taskledger.store.mongo;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskStatus;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;

/**
 * The task document: one per task, fields named as the task persistence design's SQL columns.
 * <ul>
 * <li>{@code _id}: the UUID as its 36-character string (readable in any MongoDB tool; UUIDv7 strings sort in
 * creation order, which id-ordered listings rely on).</li>
 * <li>{@code payload}, {@code metadata}: the JSON <em>text</em> as a string, verbatim. BSON cannot hold every
 * JSON value losslessly (keys containing U+0000 are refused by BSON, numbers beyond 64-bit/decimal128 and the
 * 1 vs 1.0 distinction are lost) and the contract asks for the exact text back.</li>
 * <li>{@code tags}: an array of {@code {k, v}} pairs sorted by key, matched with {@code $elemMatch}, so a tag
 * key may contain '.', '$' or anything else a field name cannot.</li>
 * <li>{@code status}: the DB names (PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELLED); times are BSON dates
 * (millisecond precision, the precision services hand the store); absent values are stored as null.</li>
 * <li>{@code idem_key}: internal; {@code input_hash} when there is one, else {@code "none:" + _id}. The unique
 * index on (tenant, type, idem_key) is the idempotency rule: MongoDB has partial unique indexes but
 * mongo-java-server does not, and a sparse compound index would still index documents lacking only
 * input_hash, so tasks without a hash get a value that can never collide.</li>
 * </ul>
 */
final class TaskDocuments {
    static final String ID = "_id";
    static final String TENANT = "tenant";
    static final String TYPE = "type";
    static final String STATUS = "status";
    static final String PRIORITY = "priority";
    static final String RUN_AT = "run_at";
    static final String TAGS = "tags";
    static final String INPUT_HASH = "input_hash";
    static final String IDEM_KEY = "idem_key";
    static final String LEASE_SECONDS = "lease_seconds";
    static final String LEASE_EXPIRES_AT = "lease_expires_at";
    static final String CREATED_AT = "created_at";
    static final String FINISHED_AT = "finished_at";
    static final String VERSION = "version";
    static final String RETRY_COUNT = "retry_count";
    static final String TIMEOUT_SECONDS = "timeout_seconds";
    static final String STARTED_AT = "started_at";
    static final String CONCURRENCY_KEY = "concurrency_key";

    private TaskDocuments() {}

    static Document toDocument(Task t) {
        Document d = new Document(ID, t.id().toString())
                .append(TENANT, t.tenant())
                .append(TYPE, t.type())
                .append(INPUT_HASH, t.inputHash())
                .append(IDEM_KEY, idemKey(t))
                .append(CREATED_AT, date(t.createdAt()))
                .append("payload", t.payload())
                .append(CONCURRENCY_KEY, t.concurrencyKey())
                .append(TIMEOUT_SECONDS, t.timeoutSeconds()); // written at insert only, as payload
        mutableFields(t).forEach(d::append);
        return d.append(VERSION, t.version());
    }

    /** Every field {@code TaskStore.update} writes: all but id, tenant, type, payload, input_hash, created_at, version. */
    static Document mutableFields(Task t) {
        return new Document(STATUS, t.status().dbName())
                .append("state", t.state())
                .append("progress", t.progress())
                .append(PRIORITY, t.priority())
                .append("metadata", t.metadata())
                .append(TAGS, tags(t.tags()))
                .append("error", t.error())
                .append(RETRY_COUNT, t.retryCount())
                .append("max_attempts", t.maxAttempts())
                .append(LEASE_SECONDS, t.leaseSeconds())
                .append(RUN_AT, date(t.runAt()))
                .append("lease_owner", t.leaseOwner())
                .append("lease_token", t.leaseToken())
                .append(LEASE_EXPIRES_AT, date(t.leaseExpiresAt()))
                .append("updated_at", date(t.updatedAt()))
                .append(STARTED_AT, date(t.startedAt()))
                .append(FINISHED_AT, date(t.finishedAt()));
    }

    static Task fromDocument(Document d) {
        String inputHash = d.getString(INPUT_HASH);
        return new Task(UUID.fromString(d.getString(ID)), d.getString(TENANT), d.getString(TYPE),
                TaskStatus.fromDb(d.getString(STATUS)), d.getString("state"), d.getInteger("progress"),
                d.getInteger(PRIORITY), d.getString("payload"), d.getString("metadata"), tagsOf(d.getList(TAGS, Document.class)),
                d.getString("error"), inputHash, d.getInteger(RETRY_COUNT), d.getInteger("max_attempts"),
                d.getInteger(LEASE_SECONDS), d.getInteger(TIMEOUT_SECONDS), instant(d.getDate(RUN_AT)), d.getString("lease_owner"),
                d.getString("lease_token"), instant(d.getDate(LEASE_EXPIRES_AT)), instant(d.getDate(CREATED_AT)),
                instant(d.getDate("updated_at")), instant(d.getDate(STARTED_AT)), instant(d.getDate(FINISHED_AT)),
                d.getInteger(VERSION), d.getString(CONCURRENCY_KEY));
    }

    static String idemKey(Task t) {
        return t.inputHash() != null ? t.inputHash() : "none:" + t.id();
    }

    /** Matches documents carrying every one of the tags (more tags are allowed). */
    static Bson hasTags(Map<String, String> tags) {
        List<Bson> each = new ArrayList<>(tags.size());
        new TreeMap<>(tags).forEach((k, v) -> each.add(elemMatch(TAGS, and(eq("k", k), eq("v", v)))));
        return and(each);
    }

    private static List<Document> tags(Map<String, String> tags) {
        List<Document> pairs = new ArrayList<>(tags.size());
        new TreeMap<>(tags).forEach((k, v) -> pairs.add(new Document("k", k).append("v", v)));
        return pairs;
    }

    private static Map<String, String> tagsOf(List<Document> pairs) {
        Map<String, String> tags = new HashMap<>();
        if (pairs != null) {
            for (Document p : pairs) {
                tags.put(p.getString("k"), p.getString("v"));
            }
        }
        return tags;
    }

    static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
