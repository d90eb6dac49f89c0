package dev.taskledger.testkit;

import dev.taskledger.common.Page;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** What the listing contracts share: inserting in shuffled order, reading one page or every page. */
abstract class TaskListSupport extends StoreContractSupport {
    /** Claim order: priority desc, run_at, id. */
    protected static final Comparator<Task> CLAIM_ORDER = Comparator.comparingInt(Task::priority).reversed()
            .thenComparing(Task::runAt).thenComparing(Task::id);

    protected final void insertShuffled(List<Task> tasks) {
        List<Task> copy = new ArrayList<>(tasks);
        Collections.shuffle(copy, new Random(42)); // storage order must not be what the listing relies on
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(copy), null));
    }

    protected static TaskQuery query(TaskStatus status, int limit) {
        return new TaskQuery(TENANT, status, null, null, null, null, limit, null);
    }

    protected final Page<Task> page(TaskQuery q) {
        return tx(tx -> tx.tasks().list(q));
    }

    /** Every item of every page of {@code q}, following cursors; fails on a loop. */
    protected final List<Task> allPages(TaskQuery q) {
        List<Task> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1_000; pages++) {
            Page<Task> p = page(q.withCursor(cursor));
            assertThat(p.items().size()).as("page %d size", pages).isLessThanOrEqualTo(q.limit());
            all.addAll(p.items());
            if (p.nextCursor() == null) {
                return all;
            }
            assertThat(p.items()).as("a page with a next cursor is not empty").isNotEmpty();
            cursor = p.nextCursor();
        }
        throw new AssertionError("more than 1000 pages: the cursor does not advance");
    }
}
