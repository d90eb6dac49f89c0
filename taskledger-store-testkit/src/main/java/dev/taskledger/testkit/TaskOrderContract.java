package dev.taskledger.testkit;

import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.InputHash;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskOrder;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskSort;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.finished;
import static dev.taskledger.testkit.SampleTasks.idsOf;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code TaskStore.list} in each {@link TaskOrder} (created_at and priority, ascending and descending) with cursor
 * paging that keeps the order, a cursor of another order refused, and the lookup by idempotency key (input hash).
 */
public abstract class TaskOrderContract extends TaskListSupport {
    private static TaskQuery sorted(TaskStatus status, TaskSort sort, boolean descending, int limit) {
        return new TaskQuery(TENANT, status, null, null, null, null, null, new TaskOrder(sort, descending), limit, null);
    }

    private static TaskQuery byKey(TaskStatus status, String type, String key) {
        return new TaskQuery(TENANT, status, type, null, null, null, InputHash.ofKey(key), null, 10, null);
    }

    /** Pending tasks with many ties on priority and run_at (the keyset must include the id), and finished ones. */
    private List<Task> mix() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tasks.add(i % 3 == 0 ? finished("mail", TaskStatus.COMPLETED, T0).build()
                    : pending("mail").priority(i % 4).runAt(T0.plusSeconds((i * 7L) % 3)).build());
        }
        insertShuffled(tasks);
        return tasks;
    }

    @Test
    public void createdAt_descending_pagesNewestFirst_onAnyStatus() {
        List<Task> tasks = mix();

        List<Task> all = allPages(sorted(null, TaskSort.CREATED_AT, true, 5));
        List<Task> pending = allPages(sorted(TaskStatus.PENDING, TaskSort.CREATED_AT, true, 4));

        assertThat(idsOf(all)).containsExactlyElementsOf(idsOf(tasks.reversed()));
        assertThat(idsOf(pending)).containsExactlyElementsOf(
                idsOf(tasks.reversed().stream().filter(t -> t.status() == TaskStatus.PENDING).toList()));
    }

    @Test
    public void createdAt_ascending_onPendingTasks_pagesOldestFirst_insteadOfClaimOrder() {
        List<Task> tasks = mix();

        List<Task> pending = allPages(sorted(TaskStatus.PENDING, TaskSort.CREATED_AT, false, 4));

        assertThat(idsOf(pending)).containsExactlyElementsOf(
                idsOf(tasks.stream().filter(t -> t.status() == TaskStatus.PENDING).toList()));
    }

    @Test
    public void priority_bothDirections_pageInClaimOrderAndItsExactReverse() {
        List<Task> tasks = mix();
        List<Task> claimOrder = tasks.stream().filter(t -> t.status() == TaskStatus.PENDING).sorted(CLAIM_ORDER).toList();

        List<Task> highestFirst = allPages(sorted(TaskStatus.PENDING, TaskSort.PRIORITY, true, 3));
        List<Task> lowestFirst = allPages(sorted(TaskStatus.PENDING, TaskSort.PRIORITY, false, 3));

        assertThat(idsOf(highestFirst)).containsExactlyElementsOf(idsOf(claimOrder));
        assertThat(idsOf(lowestFirst)).containsExactlyElementsOf(idsOf(claimOrder.reversed()));
        assertThat(lowestFirst.stream().map(Task::priority).toList()).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    public void aCursor_usedWithAnotherSortOrDirection_isABadRequest() {
        mix();
        Page<Task> newestFirst = page(sorted(TaskStatus.PENDING, TaskSort.CREATED_AT, true, 2));
        Page<Task> claimOrder = page(sorted(TaskStatus.PENDING, TaskSort.PRIORITY, true, 2));

        assertBadRequest(sorted(TaskStatus.PENDING, TaskSort.CREATED_AT, false, 2).withCursor(newestFirst.nextCursor()));
        assertBadRequest(sorted(TaskStatus.PENDING, TaskSort.PRIORITY, true, 2).withCursor(newestFirst.nextCursor()));
        assertBadRequest(sorted(TaskStatus.PENDING, TaskSort.PRIORITY, false, 2).withCursor(claimOrder.nextCursor()));
        assertBadRequest(sorted(TaskStatus.PENDING, TaskSort.CREATED_AT, true, 2).withCursor(claimOrder.nextCursor()));
    }

    @Test
    public void idempotencyKey_findsTheTenantsTasksWithThatKey_ofAnyTypeAndStatus() {
        Task mail = finished("mail", TaskStatus.FAILED, T0).inputHash(InputHash.ofKey("order-7")).build();
        Task sms = pending("sms").inputHash(InputHash.ofKey("order-7")).build();
        Task otherKey = pending("mail").inputHash(InputHash.ofKey("order-8")).build();
        Task dedupe = pending("mail").inputHash(InputHash.ofPayload("mail", "\"order-7\"")).build();
        Task otherTenant = pending(OTHER_TENANT, "mail").inputHash(InputHash.ofKey("order-7")).build();
        insertShuffled(List.of(mail, sms, otherKey, dedupe, otherTenant, pending("mail").build()));

        assertThat(idsOf(page(byKey(null, null, "order-7")).items())).containsExactly(mail.id(), sms.id());
        assertThat(idsOf(page(byKey(null, "sms", "order-7")).items())).containsExactly(sms.id());
        assertThat(idsOf(page(byKey(TaskStatus.FAILED, null, "order-7")).items())).containsExactly(mail.id());
        assertThat(idsOf(page(byKey(TaskStatus.PENDING, null, "order-7")).items())).containsExactly(sms.id());
        assertThat(page(byKey(null, null, "order-9")).items()).isEmpty();
    }

    private void assertBadRequest(TaskQuery q) {
        assertThatThrownBy(() -> page(q)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST));
    }
}
