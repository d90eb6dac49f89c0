package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code Store} itself: commit and rollback of {@code inTransaction}, migrate, health, describe, capabilities (the
 * ledger's transactions: {@link LedgerTransactionContract}).
 */
public abstract class TransactionContract extends StoreContractSupport {

    @Test
    public void inTransaction_returnsTheWorksResult_andCommitsItsWrites() {
        Task t = pending("mail").build();

        String result = tx(tx -> {
            tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null);
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id()))).isPresent();
    }

    @Test
    public void inTransaction_seesItsOwnWritesBeforeCommit() {
        Task t = pending("mail").build();

        boolean seen = tx(tx -> {
            tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null);
            tx.tasks().update(t.toBuilder().state("edited").build());
            return tx.tasks().get(TENANT, t.id()).orElseThrow().state().equals("edited");
        });

        assertThat(seen).isTrue();
    }

    @Test
    public void inTransaction_whenWorkThrows_rollsBackEveryWrite_andRethrowsTheSameException() {
        assumeTrue(capabilities().transactional(), capabilities().name() + " has no multi-row transactions");
        Task existing = pending("mail").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(existing)), null));
        Task t = pending("mail").build();
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> tx(tx -> {
            tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null);
            tx.tasks().update(existing.toBuilder().state("changed").build());
            tx.events().appendAll(List.of(TaskStoreContract.event(existing.id())));
            tx.results().putAll(List.of(new TaskResult(existing.id(), "{}", T0)));
            tx.outbox().appendAll(List.of(OutboxMessage.pending(SampleTasks.newId(), t.id(), TENANT, "task.mail.pending",
                    "{}", T0)));
            throw boom;
        })).isSameAs(boom);

        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id()))).isEmpty();
        Task after = tx(tx -> tx.tasks().get(TENANT, existing.id())).orElseThrow();
        assertThat(after.state()).isEqualTo(existing.state());
        assertThat(after.version()).isEqualTo(existing.version());
        assertThat(tx((StoreTx tx) -> tx.events().latest(existing.id(), 10))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.results().get(existing.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.outbox().lag().unsent())).isZero();
    }

    @Test
    public void inTransaction_afterARolledBackTransaction_theStoreKeepsWorking() {
        assertThatThrownBy(() -> tx(tx -> {
            tx.insertTasks(NewTaskRow.withoutEvents(List.of(pending("mail").build())), null);
            throw new IllegalArgumentException("no");
        })).isInstanceOf(IllegalArgumentException.class);

        Task t = pending("mail").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));
        for (int i = 0; i < 2; i++) {
            run(tx -> tx.tasks().update(tx.tasks().get(TENANT, t.id()).orElseThrow().toBuilder().state("again").build()));
        }

        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id())).orElseThrow().version()).isEqualTo(t.version() + 2);
    }

    @Test
    public void migrate_again_isHarmless_andKeepsData() {
        Task t = pending("mail").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        store.migrate();
        store.migrate();

        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id()))).isPresent();
    }

    @Test
    public void isHealthy_onAWorkingDatabase_isTrue() {
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    public void describe_andCapabilities_nameTheBackend() {
        assertThat(store.describe()).isEqualTo(fixture().description(store));
        assertThat(capabilities()).isEqualTo(fixture().capabilities());
    }
}
