package dev.taskledger.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LedgerStatus}: the five values of the ledger's {@code current_status}, in any case. */
class LedgerStatusTest {

    @Test
    void theFiveValues_areStoredInLowerCase_andReadBack() {
        assertThat(LedgerStatus.values()).extracting(LedgerStatus::dbName)
                .containsExactly("ok", "fail", "pending", "partial", "unknown");
        for (LedgerStatus s : LedgerStatus.values()) {
            assertThat(LedgerStatus.fromDb(s.dbName())).isEqualTo(s);
        }
    }

    @Test
    void parse_ignoresCaseAndSurroundingSpace_andIsEmptyForAnythingElse() {
        assertThat(LedgerStatus.parse("OK")).contains(LedgerStatus.OK);
        assertThat(LedgerStatus.parse(" Fail ")).contains(LedgerStatus.FAIL);
        assertThat(LedgerStatus.parse("Partial")).contains(LedgerStatus.PARTIAL);
        assertThat(LedgerStatus.parse("failed")).isEmpty();
        assertThat(LedgerStatus.parse("")).isEmpty();
        assertThat(LedgerStatus.parse(null)).isEmpty();
    }

    @Test
    void fromDb_refusesAnUnknownValue() {
        assertThatThrownBy(() -> LedgerStatus.fromDb("done")).isInstanceOf(IllegalStateException.class)
                .hasMessage("unknown ledger status in database: done");
    }
}
