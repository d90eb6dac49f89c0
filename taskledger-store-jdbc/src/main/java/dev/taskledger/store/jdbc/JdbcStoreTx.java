package dev.taskledger.store.jdbc;

import dev.taskledger.jobs.ArchiveFileStore;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.spi.DependencyStore;
import dev.taskledger.queue.spi.EventPartitions;
import dev.taskledger.queue.spi.EventStore;
import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.queue.spi.ResultStore;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.schedule.spi.ScheduleStore;
import dev.taskledger.store.InstallationStore;
import dev.taskledger.store.StoreTx;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/** The sub-stores of one JDBC transaction, all on the same connection. */
final class JdbcStoreTx implements StoreTx {
    private final JdbcTaskStore tasks;
    private final JdbcEventStore events;
    private final JdbcEventPartitions eventPartitions; // null: the dialect's task_events has none
    private final JdbcResultStore results;
    private final JdbcDependencyStore dependencies;
    private final JdbcOutboxStore outbox;
    private final JdbcArchiveFileStore archiveFiles;
    private final JdbcInstallationStore installation;
    private final JdbcScheduleStore schedules;
    private final JdbcLimitStore limits;

    JdbcStoreTx(Connection c, Dialect dialect, SqlFiles files, ReadyChannel readyChannel) {
        this.tasks = new JdbcTaskStore(new Statements<>(c, dialect, files.tasks()), readyChannel);
        this.events = new JdbcEventStore(new Statements<>(c, dialect, files.events()));
        this.eventPartitions = dialect.partitionsEvents()
                ? new JdbcEventPartitions(new Statements<>(c, dialect, files.events())) : null;
        this.results = new JdbcResultStore(new Statements<>(c, dialect, files.results()));
        this.dependencies = new JdbcDependencyStore(new Statements<>(c, dialect, files.dependencies()));
        this.outbox = new JdbcOutboxStore(new Statements<>(c, dialect, files.outbox()));
        this.archiveFiles = new JdbcArchiveFileStore(new Statements<>(c, dialect, files.archiveFiles()));
        this.installation = new JdbcInstallationStore(new Statements<>(c, dialect, files.installation()));
        this.schedules = new JdbcScheduleStore(new Statements<>(c, dialect, files.schedules()));
        this.limits = new JdbcLimitStore(new Statements<>(c, dialect, files.limits()));
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
    public Optional<EventPartitions> eventPartitions() {
        return Optional.ofNullable(eventPartitions);
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

    @Override
    public LimitStore limits() {
        return limits;
    }

    @Override
    public InstallationStore installation() {
        return installation;
    }

    @Override
    public ScheduleStore schedules() {
        return schedules;
    }

    /**
     * Many tasks that cannot conflict as two COPYs (tasks, events) where the dialect has it; else one statement where
     * the dialect has it (PostgreSQL); else the tasks, then the events of those inserted.
     */
    @Override
    public List<TaskStore.Inserted> insertTasks(List<NewTaskRow> rows, String notifyTenant) {
        if (tasks.copies(rows)) {
            List<TaskStore.Inserted> inserted = tasks.copyIn(rows.stream().map(NewTaskRow::task).toList());
            events.copyIn(rows.stream().flatMap(r -> r.events().stream()).toList());
            if (notifyTenant != null) {
                tasks.notifyReady(notifyTenant);
            }
            return inserted;
        }
        if (tasks.insertsInOneStatement()) {
            return tasks.insertInOneStatement(rows, notifyTenant);
        }
        List<TaskStore.Inserted> inserted = tasks.insertEach(rows.stream().map(NewTaskRow::task).toList());
        List<TaskEvent> written = NewTaskRow.eventsOfInserted(rows, inserted);
        if (!written.isEmpty()) {
            events.appendAll(written);
        }
        if (notifyTenant != null && inserted.stream().anyMatch(TaskStore.Inserted::created)) {
            tasks.notifyReady(notifyTenant);
        }
        return inserted;
    }
}
