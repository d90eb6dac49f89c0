package dev.taskledger.store.mongo;

import com.mongodb.client.MongoCollection;
import dev.taskledger.queue.TaskActivity;
import dev.taskledger.queue.TaskStatus;
import org.bson.Document;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static dev.taskledger.store.mongo.TaskDocuments.*;

/**
 * The throughput and the active workers on MongoDB: the tasks of the window, projected to the fields needed and
 * counted here (the in-process test server has no {@code $dateTrunc}).
 */
final class TaskActivityQueries {
    private static final String LEASE_OWNER = "lease_owner";
    private static final String UPDATED_AT = "updated_at";
    private static final List<String> FINISHED = List.of(TaskStatus.COMPLETED.dbName(), TaskStatus.FAILED.dbName());

    private TaskActivityQueries() {}

    static List<TaskActivity.FinishedMinute> finishedPerMinute(MongoCollection<Document> tasks, String tenant, Instant since) {
        Map<String, Long> counts = new TreeMap<>();
        tasks.find(and(eq(TENANT, tenant), gte(FINISHED_AT, date(since)), in(STATUS, FINISHED)))
                .projection(new Document(STATUS, 1).append(FINISHED_AT, 1))
                .forEach(d -> counts.merge(instant(d.getDate(FINISHED_AT)).truncatedTo(ChronoUnit.MINUTES) + " "
                        + d.getString(STATUS), 1L, Long::sum));
        List<TaskActivity.FinishedMinute> minutes = new ArrayList<>();
        counts.forEach((key, n) -> {
            int space = key.indexOf(' ');
            minutes.add(new TaskActivity.FinishedMinute(Instant.parse(key.substring(0, space)),
                    TaskStatus.fromDb(key.substring(space + 1)), n));
        });
        return minutes;
    }

    static List<TaskActivity.Worker> workers(MongoCollection<Document> tasks, String tenant, Instant since) {
        Map<String, long[]> inFlight = new TreeMap<>();
        Map<String, Instant> lastSeen = new TreeMap<>();
        tasks.find(and(eq(TENANT, tenant), ne(LEASE_OWNER, null), or(eq(STATUS, TaskStatus.PROCESSING.dbName()),
                        and(in(STATUS, FINISHED), gte(FINISHED_AT, date(since))))))
                .projection(new Document(LEASE_OWNER, 1).append(STATUS, 1).append(UPDATED_AT, 1))
                .forEach(d -> {
                    String worker = d.getString(LEASE_OWNER);
                    long[] n = inFlight.computeIfAbsent(worker, w -> new long[1]);
                    if (TaskStatus.PROCESSING.dbName().equals(d.getString(STATUS))) {
                        n[0]++;
                    }
                    Instant seen = instant(d.getDate(UPDATED_AT));
                    lastSeen.merge(worker, seen, (a, b) -> a.isAfter(b) ? a : b);
                });
        List<TaskActivity.Worker> workers = new ArrayList<>();
        inFlight.forEach((worker, n) -> workers.add(new TaskActivity.Worker(worker, n[0], lastSeen.get(worker))));
        return workers;
    }
}
