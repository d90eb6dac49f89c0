package dev.taskledger.queue;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TaskStatus}: the API's names, the database's names, and every spelling a client may send. */
class TaskStatusTest {

    @Test
    void eachStatus_hasOneWireNameAndOneDatabaseName() {
        assertThat(TaskStatus.values()).extracting(TaskStatus::wireName)
                .containsExactly("waiting", "pending", "processing", "completed", "failed", "cancelled");
        assertThat(TaskStatus.values()).extracting(TaskStatus::dbName)
                .containsExactly("WAITING", "PENDING", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELLED");
        for (TaskStatus s : TaskStatus.values()) {
            assertThat(TaskStatus.fromDb(s.dbName())).isEqualTo(s);
            assertThat(TaskStatus.parse(s.wireName())).contains(s);
            assertThat(TaskStatus.parse(s.dbName())).contains(s);
        }
    }

    @Test
    void parse_takesEverySeedsSpelling_inAnyCase_aroundSpaces() {
        assertParses(TaskStatus.WAITING, "waiting", "WAITING", "blocked");
        assertParses(TaskStatus.PENDING, "pending", "Queued", " QUEUED ");
        assertParses(TaskStatus.PROCESSING, "in_progress", "In-Progress", "running", "claimed", "Processing");
        assertParses(TaskStatus.COMPLETED, "complete", "done", "COMPLETED");
        assertParses(TaskStatus.FAILED, "fail", "Failed");
        assertParses(TaskStatus.CANCELLED, "canceled", "cancelled", "Cancelled");
    }

    @Test
    void parse_isEmptyForAnythingElse() {
        assertThat(TaskStatus.parse(null)).isEmpty();
        assertThat(TaskStatus.parse("")).isEmpty();
        assertThat(TaskStatus.parse("paused")).isEqualTo(Optional.empty());
    }

    @Test
    void onlyCompletedFailedAndCancelled_areFinished() {
        assertThat(TaskStatus.values()).filteredOn(TaskStatus::isFinished)
                .containsExactly(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED);
    }

    @Test
    void fromDb_refusesAnUnknownValue_andTheWireNames() {
        assertThatThrownBy(() -> TaskStatus.fromDb("pending")).isInstanceOf(IllegalStateException.class)
                .hasMessage("unknown task status in database: pending");
    }

    private static void assertParses(TaskStatus expected, String... spellings) {
        for (String s : spellings) {
            assertThat(TaskStatus.parse(s)).as("'%s'", s).contains(expected);
        }
    }
}
