package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.spi.LedgerStore;
import org.junit.jupiter.api.Test;

import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code LedgerDatabase} itself: commit and rollback of its {@code inTransaction}, apart from the queue's store. */
public abstract class LedgerTransactionContract extends LedgerContractSupport {

    @Test
    public void transactional_isTheBackendsAnswer() {
        assertThat(store.ledger().transactional()).isEqualTo(capabilities().transactional());
    }

    @Test
    public void inTransaction_returnsTheWorksResult_andCommitsItsWrites() {
        String result = inLedger(ledger -> {
            ledger.record(new LedgerRecord(TENANT, "n", "i", LedgerStatus.OK, null), L0);
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(get(TENANT, "n", "i")).isPresent();
    }

    @Test
    public void inTransaction_whenWorkThrows_rollsBackItsWrites_andRethrowsTheSameException() {
        assumeTrue(store.ledger().transactional(), capabilities().name() + "'s ledger has no multi-row transactions");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> inLedger(ledger -> {
            ledger.record(new LedgerRecord(TENANT, "n", "i", LedgerStatus.OK, null), L0);
            throw boom;
        })).isSameAs(boom);

        assertThat(get(TENANT, "n", "i")).isEmpty();
    }

    @Test
    public void inTransaction_afterARolledBackTransaction_theDatabaseKeepsWorking() {
        assertThatThrownBy(() -> inLedger(ledger -> {
            ledger.record(new LedgerRecord(TENANT, "n", "i", LedgerStatus.OK, null), L0);
            throw new IllegalArgumentException("no");
        })).isInstanceOf(IllegalArgumentException.class);

        for (int i = 0; i < 3; i++) {
            inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n", "j", LedgerStatus.OK, null), L0));
        }

        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, "n", "j")).orElseThrow().retries()).isEqualTo(2);
    }

    @Test
    public void aLedgerStore_usedAfterItsTransaction_isRefused() {
        LedgerStore escaped = inLedger(ledger -> ledger);

        assertThatThrownBy(() -> escaped.get(TENANT, "n", "i")).isInstanceOf(RuntimeException.class);
    }
}
