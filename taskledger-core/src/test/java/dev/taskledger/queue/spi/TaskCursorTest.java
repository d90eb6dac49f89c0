package dev.taskledger.queue.spi;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskBuilder;
import dev.taskledger.queue.TaskOrder;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskSort;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskCursorTest {
    private static final UUID ID = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final Instant RUN_AT = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final Task LAST = new TaskBuilder().id(ID).priority(-7).runAt(RUN_AT).build();

    private static final TaskQuery BY_ID = query(TaskStatus.COMPLETED, null, null);
    private static final TaskQuery CLAIM_ORDER = query(TaskStatus.PENDING, null, null);

    private static TaskQuery query(TaskStatus status, TaskSort sort, Boolean descending) {
        return new TaskQuery("t", status, null, null, null, null, null, TaskOrder.of(status, sort, descending), 10, null);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idOrder_roundTrips_andKeepsTheFormatOfEarlierReleases() {
        String cursor = TaskCursor.after(LAST, BY_ID);

        assertThat(cursor).isEqualTo(base64(ID.toString()));
        assertThat(TaskCursor.afterId(BY_ID.withCursor(cursor))).isEqualTo(ID);
    }

    @Test
    void claimOrder_roundTrips_andKeepsTheFormatOfEarlierReleases() {
        String cursor = TaskCursor.after(LAST, CLAIM_ORDER);

        assertThat(cursor).isEqualTo(base64("-7|" + RUN_AT.toEpochMilli() + "|" + ID));
        assertThat(TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(cursor))).isEqualTo(new TaskCursor.ClaimOrderKey(-7, RUN_AT, ID));
    }

    @Test
    void theOtherDirections_nameTheirSortAndDirection_andRoundTrip() {
        TaskQuery newestFirst = query(TaskStatus.FAILED, TaskSort.CREATED_AT, true);
        TaskQuery lowestFirst = query(TaskStatus.PENDING, TaskSort.PRIORITY, false);

        String byId = TaskCursor.after(LAST, newestFirst);
        String byPriority = TaskCursor.after(LAST, lowestFirst);

        assertThat(byId).isEqualTo(base64("created_at|desc|" + ID));
        assertThat(byPriority).isEqualTo(base64("priority|asc|-7|" + RUN_AT.toEpochMilli() + "|" + ID));
        assertThat(TaskCursor.afterId(newestFirst.withCursor(byId))).isEqualTo(ID);
        assertThat(TaskCursor.afterInClaimOrder(lowestFirst.withCursor(byPriority))).isEqualTo(new TaskCursor.ClaimOrderKey(-7, RUN_AT, ID));
    }

    @Test
    void aCursorOfAnotherSortOrDirection_isABadRequest() {
        TaskQuery newestFirst = query(TaskStatus.PENDING, TaskSort.CREATED_AT, true);
        TaskQuery oldestFirst = query(TaskStatus.PENDING, TaskSort.CREATED_AT, false);
        TaskQuery lowestFirst = query(TaskStatus.PENDING, TaskSort.PRIORITY, false);
        String[] cursors = {TaskCursor.after(LAST, newestFirst), TaskCursor.after(LAST, oldestFirst),
                TaskCursor.after(LAST, lowestFirst), TaskCursor.after(LAST, CLAIM_ORDER)};
        TaskQuery[] queries = {newestFirst, oldestFirst, lowestFirst, CLAIM_ORDER};

        for (int c = 0; c < cursors.length; c++) {
            for (int q = 0; q < queries.length; q++) {
                if (c != q) {
                    TaskQuery other = queries[q].withCursor(cursors[c]);
                    assertBadRequest(() -> {
                        if (TaskCursor.inClaimOrder(other)) {
                            TaskCursor.afterInClaimOrder(other);
                        } else {
                            TaskCursor.afterId(other);
                        }
                    });
                }
            }
        }
    }

    @Test
    void priorityOrder_listsPendingTasksOnly() {
        assertBadRequest(() -> query(TaskStatus.FAILED, TaskSort.PRIORITY, null));
        assertBadRequest(() -> query(null, TaskSort.PRIORITY, true));
    }

    @Test
    void onlyPendingListingsRunInClaimOrder_byDefault() {
        assertThat(TaskCursor.inClaimOrder(new TaskQuery("t", TaskStatus.PENDING, null, null, null, null, 10, null))).isTrue();
        assertThat(TaskCursor.inClaimOrder(query(TaskStatus.PENDING, TaskSort.CREATED_AT, null))).isFalse();
        assertThat(TaskCursor.inClaimOrder(new TaskQuery("t", TaskStatus.COMPLETED, null, null, null, null, 10, null))).isFalse();
        assertThat(TaskCursor.inClaimOrder(new TaskQuery("t", null, null, null, null, null, 10, null))).isFalse();
    }

    @Test
    void cursorsNoListingProduced_areBadRequests() {
        assertBadRequest(() -> TaskCursor.afterId(BY_ID.withCursor("not base64!")));
        assertBadRequest(() -> TaskCursor.afterId(BY_ID.withCursor(base64("not-a-uuid"))));
        assertBadRequest(() -> TaskCursor.afterId(BY_ID.withCursor(TaskCursor.after(LAST, CLAIM_ORDER)))); // three parts where one is expected
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(TaskCursor.after(LAST, BY_ID))));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(base64("x|1|" + ID))));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(base64("1|x|" + ID))));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(base64("1|1|x"))));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(base64("99999999999|1|" + ID)))); // no int
        long year10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(CLAIM_ORDER.withCursor(base64("1|" + year10000 + "|" + ID))));
    }

    private static void assertBadRequest(Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST));
    }
}
