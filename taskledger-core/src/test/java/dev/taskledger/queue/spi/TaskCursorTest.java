package dev.taskledger.queue.spi;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskBuilder;
import dev.taskledger.queue.TaskQuery;
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

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idOrder_roundTrips_andKeepsTheFormatOfEarlierReleases() {
        String cursor = TaskCursor.after(LAST, false);

        assertThat(cursor).isEqualTo(base64(ID.toString()));
        assertThat(TaskCursor.afterId(cursor)).isEqualTo(ID);
    }

    @Test
    void claimOrder_roundTrips_andKeepsTheFormatOfEarlierReleases() {
        String cursor = TaskCursor.after(LAST, true);

        assertThat(cursor).isEqualTo(base64("-7|" + RUN_AT.toEpochMilli() + "|" + ID));
        assertThat(TaskCursor.afterInClaimOrder(cursor)).isEqualTo(new TaskCursor.ClaimOrderKey(-7, RUN_AT, ID));
    }

    @Test
    void onlyPendingListingsRunInClaimOrder() {
        assertThat(TaskCursor.inClaimOrder(new TaskQuery("t", TaskStatus.PENDING, null, null, null, null, 10, null))).isTrue();
        assertThat(TaskCursor.inClaimOrder(new TaskQuery("t", TaskStatus.COMPLETED, null, null, null, null, 10, null))).isFalse();
        assertThat(TaskCursor.inClaimOrder(new TaskQuery("t", null, null, null, null, null, 10, null))).isFalse();
    }

    @Test
    void cursorsNoListingProduced_areBadRequests() {
        assertBadRequest(() -> TaskCursor.afterId("not base64!"));
        assertBadRequest(() -> TaskCursor.afterId(base64("not-a-uuid")));
        assertBadRequest(() -> TaskCursor.afterId(TaskCursor.after(LAST, true))); // three parts where one is expected
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(TaskCursor.after(LAST, false)));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(base64("x|1|" + ID)));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(base64("1|x|" + ID)));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(base64("1|1|x")));
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(base64("99999999999|1|" + ID))); // no int
        long year10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        assertBadRequest(() -> TaskCursor.afterInClaimOrder(base64("1|" + year10000 + "|" + ID)));
    }

    private static void assertBadRequest(Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST));
    }
}
