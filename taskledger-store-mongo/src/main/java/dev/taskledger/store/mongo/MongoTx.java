package dev.taskledger.store.mongo;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.taskledger.jobs.ArchiveFileStore;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.spi.DependencyStore;
import dev.taskledger.queue.spi.EventStore;
import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.queue.spi.ResultStore;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.schedule.spi.ScheduleStore;
import dev.taskledger.store.InstallationStore;
import dev.taskledger.store.StoreTx;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.eq;

/**
 * One {@code inTransaction} call. Task writes go to the database at once, each atomic on its own
 * document. What only <em>records</em> those changes (events, results, outbox messages) is held here and
 * written by {@link #commit()} when the work returned, so the record follows the change it describes: a
 * crash or error between the two can lose a record, never produce one for a change that did not happen
 * (work that throws, e.g. on a version conflict, leaves nothing buffered behind). Reads of the buffered
 * collections flush first, so the work sees its own writes.
 */
final class MongoTx implements StoreTx {
    private final MongoCollections c;
    private final MongoTaskStore tasks;
    private final MongoEventStore events;
    private final MongoResultStore results;
    private final MongoDependencyStore dependencies;
    private final MongoOutboxStore outbox;
    private final MongoArchiveFileStore archiveFiles;
    private final MongoInstallationStore installation;
    private final MongoScheduleStore schedules;
    private final List<Document> pendingScheduleEvents = new ArrayList<>();
    private final MongoLimitStore limits;
    private final List<Runnable> atEnd = new ArrayList<>();
    private final List<Document> pendingEvents = new ArrayList<>();
    private final Map<String, Document> pendingResults = new LinkedHashMap<>();
    private final List<Document> pendingOutbox = new ArrayList<>();
    private boolean open = true;

    MongoTx(MongoCollections c) {
        this.c = c;
        this.tasks = new MongoTaskStore(this, c);
        this.events = new MongoEventStore(this, c);
        this.results = new MongoResultStore(this, c);
        this.dependencies = new MongoDependencyStore(c);
        this.outbox = new MongoOutboxStore(this, c);
        this.archiveFiles = new MongoArchiveFileStore(this, c);
        this.installation = new MongoInstallationStore(this, c);
        this.schedules = new MongoScheduleStore(this, c);
        this.limits = new MongoLimitStore(this, c);
    }

    @Override
    public LimitStore limits() {
        return limits;
    }

    /** Runs {@code r} when this transaction ends, committed or abandoned (gives back a lock it took). */
    void onEnd(Runnable r) {
        atEnd.add(r);
    }

    private void end() {
        for (Runnable r : atEnd) {
            r.run();
        }
        atEnd.clear();
    }

    @Override
    public InstallationStore installation() {
        return installation;
    }

    @Override
    public ScheduleStore schedules() {
        return schedules;
    }

    @Override
    public TaskStore tasks() {
        return tasks;
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public ResultStore results() {
        return results;
    }

    @Override
    public DependencyStore dependencies() {
        return dependencies;
    }

    @Override
    public OutboxStore outbox() {
        return outbox;
    }

    @Override
    public ArchiveFileStore archiveFiles() {
        return archiveFiles;
    }

    /** The tasks, then the events of those inserted; MongoDB sends no ready notifications to other nodes. */
    @Override
    public List<TaskStore.Inserted> insertTasks(List<NewTaskRow> rows, String notifyTenant) {
        List<TaskStore.Inserted> inserted = tasks.insert(rows.stream().map(NewTaskRow::task).toList());
        List<TaskEvent> written = NewTaskRow.eventsOfInserted(rows, inserted);
        if (!written.isEmpty()) {
            events.appendAll(written);
        }
        return inserted;
    }

    void check() {
        if (!open) {
            throw new IllegalStateException("this StoreTx was used after its inTransaction call returned");
        }
    }

    void bufferEvents(List<Document> docs) {
        check();
        pendingEvents.addAll(docs);
    }

    /** A later result of the same task in this call replaces the earlier one, as the upsert would. */
    void bufferResult(String taskId, Document doc) {
        check();
        pendingResults.put(taskId, doc);
    }

    void bufferScheduleEvent(Document doc) {
        check();
        pendingScheduleEvents.add(doc);
    }

    void bufferOutbox(List<Document> docs) {
        check();
        pendingOutbox.addAll(docs);
    }

    /** Writes what is buffered: results, then events, then the messages that announce the events. */
    void flush() {
        check();
        if (!pendingResults.isEmpty()) {
            List<WriteModel<Document>> replace = new ArrayList<>(pendingResults.size());
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            pendingResults.forEach((id, doc) -> replace.add(new ReplaceOneModel<>(eq("_id", id), doc, upsert)));
            c.results().bulkWrite(replace);
            pendingResults.clear();
        }
        if (!pendingEvents.isEmpty()) {
            c.events().insertMany(List.copyOf(pendingEvents));
            pendingEvents.clear();
        }
        if (!pendingScheduleEvents.isEmpty()) {
            c.scheduleEvents().insertMany(List.copyOf(pendingScheduleEvents));
            pendingScheduleEvents.clear();
        }
        if (!pendingOutbox.isEmpty()) {
            outbox.insert(List.copyOf(pendingOutbox));
            pendingOutbox.clear();
        }
    }

    void commit() {
        try {
            flush();
        } finally {
            open = false;
            end();
        }
    }

    /** The work threw: drop what was buffered (the only part of a transaction this backend can roll back). */
    void abandon() {
        pendingEvents.clear();
        pendingResults.clear();
        pendingOutbox.clear();
        pendingScheduleEvents.clear();
        open = false;
        end();
    }
}
