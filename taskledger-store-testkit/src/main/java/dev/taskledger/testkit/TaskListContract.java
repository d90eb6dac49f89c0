package dev.taskledger.testkit;

import dev.taskledger.common.Page;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.finished;
import static dev.taskledger.testkit.SampleTasks.idsOf;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code TaskStore.list}: filters (status, type, tags, created range, tenant), order (pending in claim
 * order priority desc, run_at, id; anything else in id order) and keyset cursor paging.
 */
public abstract class TaskListContract extends TaskListSupport {
    private List<Task> pendingMix(int n) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(pending("mail").priority(i % 3).runAt(T0.plusSeconds((i * 7L) % 4 - 2)).build());
        }
        return tasks;
    }

    @Test
    public void list_pending_comesInClaimOrder_priorityDescThenRunAtThenId() {
        List<Task> tasks = pendingMix(12);
        tasks.add(pending("mail").priority(-5).runAt(T0.minusSeconds(3600)).build());
        tasks.add(pending("mail").priority(100).runAt(T0.plusSeconds(3600)).build()); // not ready yet, still listed
        insertShuffled(tasks);

        List<Task> listed = page(query(TaskStatus.PENDING, 100)).items();

        assertThat(idsOf(listed)).containsExactlyElementsOf(idsOf(tasks.stream().sorted(CLAIM_ORDER).toList()));
    }

    @Test
    public void list_finishedStatus_comesInIdOrder() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(finished("mail", TaskStatus.COMPLETED, T0).priority(10 - i).runAt(T0.minusSeconds(i)).build());
        }
        insertShuffled(tasks);

        List<Task> listed = page(query(TaskStatus.COMPLETED, 100)).items();

        assertThat(idsOf(listed)).containsExactlyElementsOf(idsOf(tasks));
    }

    @Test
    public void list_nullStatus_returnsEveryStatus_inIdOrder() {
        List<Task> tasks = new ArrayList<>();
        tasks.add(pending("mail").priority(9).build());
        tasks.add(SampleTasks.processing("mail", "w", T0.plusSeconds(60)).build());
        tasks.add(finished("mail", TaskStatus.COMPLETED, T0).build());
        tasks.add(finished("mail", TaskStatus.FAILED, T0).build());
        tasks.add(finished("mail", TaskStatus.CANCELLED, T0).build());
        tasks.add(pending("mail").priority(1).build());
        insertShuffled(tasks);

        assertThat(idsOf(page(query(null, 100)).items())).containsExactlyElementsOf(idsOf(tasks));
    }

    @Test
    public void list_filtersByStatus() {
        Task p = pending("mail").build();
        Task c = finished("mail", TaskStatus.COMPLETED, T0).build();
        Task f = finished("mail", TaskStatus.FAILED, T0).build();
        Task w = SampleTasks.processing("mail", "w", T0.plusSeconds(60)).build();
        insertShuffled(List.of(p, c, f, w));

        assertThat(idsOf(page(query(TaskStatus.PENDING, 10)).items())).containsExactly(p.id());
        assertThat(idsOf(page(query(TaskStatus.PROCESSING, 10)).items())).containsExactly(w.id());
        assertThat(idsOf(page(query(TaskStatus.FAILED, 10)).items())).containsExactly(f.id());
        assertThat(page(query(TaskStatus.CANCELLED, 10)).items()).isEmpty();
    }

    @Test
    public void list_filtersByType() {
        Task mail = pending("mail").build();
        Task sms = pending("sms").build();
        insertShuffled(List.of(mail, sms));

        Page<Task> p = page(new TaskQuery(TENANT, null, "sms", null, null, null, 10, null));

        assertThat(idsOf(p.items())).containsExactly(sms.id());
    }

    @Test
    public void list_filtersByTag_matchingTasksMayCarryMoreTags() {
        Task a = pending("mail").tags(Map.of("service", "gen", "source", "api")).build();
        Task b = pending("mail").tags(Map.of("service", "gen")).build();
        Task c = pending("mail").tags(Map.of("service", "other")).build();
        Task d = pending("mail").tags(Map.of("source", "gen")).build();
        insertShuffled(List.of(a, b, c, d));

        Page<Task> p = page(new TaskQuery(TENANT, null, null, Map.of("service", "gen"), null, null, 10, null));

        assertThat(idsOf(p.items())).containsExactly(a.id(), b.id());
    }

    @Test
    public void list_filtersBySeveralTags_requiresAllOfThem() {
        Task a = pending("mail").tags(Map.of("service", "gen", "source", "api")).build();
        Task b = pending("mail").tags(Map.of("service", "gen", "source", "cli")).build();
        Task c = pending("mail").tags(Map.of("service", "gen")).build();
        insertShuffled(List.of(a, b, c));

        Page<Task> p = page(new TaskQuery(TENANT, null, null, Map.of("service", "gen", "source", "api"), null, null, 10, null));

        assertThat(idsOf(p.items())).containsExactly(a.id());
    }

    @Test
    public void list_filtersByCreatedRange() {
        List<Task> tasks = new ArrayList<>();
        for (int h = 4; h >= 0; h--) {
            tasks.add(pending("mail").createdAt(T0.minusSeconds(h * 3600L)).build());
        }
        insertShuffled(tasks);

        Page<Task> between = page(new TaskQuery(TENANT, null, null, null, T0.minusSeconds(3 * 3600 + 1800),
                T0.minusSeconds(1800), 10, null));
        Page<Task> after = page(new TaskQuery(TENANT, null, null, null, T0.minusSeconds(1800), null, 10, null));
        Page<Task> before = page(new TaskQuery(TENANT, null, null, null, null, T0.minusSeconds(3 * 3600 + 1800), 10, null));

        assertThat(idsOf(between.items())).containsExactly(tasks.get(1).id(), tasks.get(2).id(), tasks.get(3).id());
        assertThat(idsOf(after.items())).containsExactly(tasks.get(4).id());
        assertThat(idsOf(before.items())).containsExactly(tasks.get(0).id());
    }

    @Test
    public void list_neverShowsAnotherTenantsTasks() {
        Task mine = pending("mail").build();
        insertShuffled(List.of(mine, pending(OTHER_TENANT, "mail").build(), finished("mail", TaskStatus.COMPLETED, T0)
                .tenant(OTHER_TENANT).build()));

        assertThat(idsOf(page(query(null, 10)).items())).containsExactly(mine.id());
        assertThat(idsOf(page(query(TaskStatus.PENDING, 10)).items())).containsExactly(mine.id());
    }

    @Test
    public void list_noMatch_isEmptyPageWithoutCursor() {
        Page<Task> p = page(query(TaskStatus.PENDING, 10));

        assertThat(p.items()).isEmpty();
        assertThat(p.nextCursor()).isNull();
    }

    @Test
    public void list_fullFirstPage_hasCursor_andLastPageHasNone() {
        List<Task> tasks = pendingMix(5);
        insertShuffled(tasks);

        Page<Task> first = page(query(TaskStatus.PENDING, 3));
        Page<Task> second = page(new TaskQuery(TENANT, TaskStatus.PENDING, null, null, null, null, 3, first.nextCursor()));

        List<Task> inClaimOrder = tasks.stream().sorted(CLAIM_ORDER).toList();
        assertThat(first.nextCursor()).isNotNull();
        assertThat(idsOf(first.items())).containsExactlyElementsOf(idsOf(inClaimOrder.subList(0, 3)));
        assertThat(idsOf(second.items())).as("the cursor continues after the first page")
                .containsExactlyElementsOf(idsOf(inClaimOrder.subList(3, 5)));
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    public void list_pendingPagedByCursor_yieldsClaimOrderWithoutDuplicatesOrGaps() {
        List<Task> tasks = pendingMix(25); // many ties on priority and run_at: the keyset must include id
        insertShuffled(tasks);

        List<Task> all = allPages(query(TaskStatus.PENDING, 7));

        assertThat(idsOf(all)).containsExactlyElementsOf(idsOf(tasks.stream().sorted(CLAIM_ORDER).toList()));
    }

    @Test
    public void list_idOrderPagedByCursor_yieldsEveryTaskOnce() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            tasks.add(i % 2 == 0 ? finished("mail", TaskStatus.COMPLETED, T0).priority(i).build()
                    : pending("mail").priority(-i).build());
        }
        insertShuffled(tasks);

        assertThat(idsOf(allPages(query(null, 5)))).containsExactlyElementsOf(idsOf(tasks));
        assertThat(idsOf(allPages(query(TaskStatus.COMPLETED, 4))))
                .containsExactlyElementsOf(idsOf(tasks.stream().filter(t -> t.status() == TaskStatus.COMPLETED).toList()));
    }

    @Test
    public void list_pagedByCursorWithFilters_keepsApplyingTheFilters() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tasks.add(pending(i % 3 == 0 ? "sms" : "mail").priority(i % 4)
                    .tags(i % 2 == 0 ? Map.of("team", "a") : Map.of("team", "b")).build());
        }
        insertShuffled(tasks);
        List<UUID> expected = idsOf(tasks.stream()
                .filter(t -> t.type().equals("mail") && t.tags().get("team").equals("a")).sorted(CLAIM_ORDER).toList());

        List<Task> all = allPages(new TaskQuery(TENANT, TaskStatus.PENDING, "mail", Map.of("team", "a"), null, null, 3, null));

        assertThat(idsOf(all)).containsExactlyElementsOf(expected);
    }
}
