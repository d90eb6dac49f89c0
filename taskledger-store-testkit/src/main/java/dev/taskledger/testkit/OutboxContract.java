package dev.taskledger.testkit;

import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.taskledger.testkit.JsonText.sameJson;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code OutboxStore}: append order and ids, the unsent queue with retries, lag, clean-up (the relay lease: {@link LeaseContract}). */
public abstract class OutboxContract extends StoreContractSupport {

    private static OutboxMessage message(String key, Instant createdAt) {
        return OutboxMessage.pending(SampleTasks.newId(), SampleTasks.newId(), TENANT, key,
                "{\"key\":\"" + key + "\",\"nul\":\"a\\u0000b\",\"u\":\"猫🐈\"}", createdAt);
    }

    private void append(OutboxMessage... messages) {
        run(tx -> tx.outbox().appendAll(List.of(messages)));
    }

    private List<OutboxMessage> unsent(Instant now, int limit) {
        return tx(tx -> tx.outbox().nextUnsent(now, limit));
    }

    private static List<String> keys(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::routingKey).toList();
    }

    @Test
    public void appendAll_assignsGrowingIdsInAppendOrder_andRoundTripsEveryField() {
        OutboxMessage a = message("task.mail.pending", T0);
        OutboxMessage b = message("task.mail.processing", T0.minusSeconds(5)); // older, but appended later
        append(a, b);
        append(message("task.mail.completed", T0));

        List<OutboxMessage> got = unsent(T0, 10);

        assertThat(keys(got)).containsExactly("task.mail.pending", "task.mail.processing", "task.mail.completed");
        assertThat(got).extracting(OutboxMessage::id).isSorted().doesNotHaveDuplicates();
        OutboxMessage first = got.getFirst();
        assertThat(first).usingRecursiveComparison().ignoringFields("id", "body").isEqualTo(a);
        assertThat(sameJson(first.body(), a.body())).as(first.body()).isTrue();
    }

    @Test
    public void nextUnsent_respectsLimit() {
        append(message("a", T0), message("b", T0), message("c", T0));

        assertThat(keys(unsent(T0, 2))).containsExactly("a", "b");
    }

    @Test
    public void nextUnsent_skipsSentMessages_andMarkSentShrinksTheLag() {
        append(message("a", T0.minusSeconds(3)), message("b", T0.minusSeconds(2)), message("c", T0.minusSeconds(1)));
        List<OutboxMessage> all = unsent(T0, 10);

        run(tx -> tx.outbox().markSent(List.of(all.get(0).id(), all.get(1).id()), T0));

        assertThat(keys(unsent(T0, 10))).containsExactly("c");
        assertThat(tx((StoreTx tx) -> tx.outbox().lag())).isEqualTo(new OutboxStore.Lag(1, T0.minusSeconds(1)));
    }

    @Test
    public void markFailed_countsTheAttempt_andAMessageWaitingForItsRetryHoldsBackThoseAfterIt() {
        append(message("a", T0), message("b", T0), message("c", T0));
        List<OutboxMessage> all = unsent(T0, 10);
        run(tx -> tx.outbox().markSent(List.of(all.get(0).id()), T0));

        run(tx -> tx.outbox().markFailed(all.get(1).id(), "broker down \u0000", T0.plusSeconds(30)));

        assertThat(unsent(T0.plusSeconds(29), 10)).as("b waits for its retry, c waits behind it").isEmpty();
        List<OutboxMessage> later = unsent(T0.plusSeconds(30), 10);
        assertThat(keys(later)).containsExactly("b", "c");
        assertThat(later.getFirst()).extracting(OutboxMessage::attempts, OutboxMessage::lastError, OutboxMessage::nextAttemptAt)
                .containsExactly(1, "broker down \u0000", T0.plusSeconds(30));
        run(tx -> tx.outbox().markFailed(all.get(1).id(), "still down", T0.plusSeconds(90)));
        assertThat(unsent(T0.plusSeconds(90), 1).getFirst().attempts()).isEqualTo(2);
    }

    @Test
    public void lag_countsUnsentMessages_andTheOldestCreationTime() {
        assertThat(tx((StoreTx tx) -> tx.outbox().lag())).isEqualTo(new OutboxStore.Lag(0, null));

        append(message("a", T0.minusMillis(1500)), message("b", T0.minusSeconds(9)), message("c", T0));

        assertThat(tx((StoreTx tx) -> tx.outbox().lag())).isEqualTo(new OutboxStore.Lag(3, T0.minusSeconds(9)));
    }

    @Test
    public void deleteSentBefore_deletesUpToLimitOfMessagesSentBefore_neverUnsentOnes() {
        append(message("a", T0), message("b", T0), message("c", T0), message("unsent", T0.minusSeconds(999)));
        List<OutboxMessage> all = unsent(T0, 10);
        run(tx -> tx.outbox().markSent(List.of(all.get(0).id()), T0.minusSeconds(10)));
        run(tx -> tx.outbox().markSent(List.of(all.get(1).id()), T0.minusSeconds(5)));
        run(tx -> tx.outbox().markSent(List.of(all.get(2).id()), T0.plusSeconds(5)));

        int first = tx(tx -> tx.outbox().deleteSentBefore(T0, 1));
        int second = tx(tx -> tx.outbox().deleteSentBefore(T0, 1));
        int third = tx(tx -> tx.outbox().deleteSentBefore(T0, 1));

        assertThat(List.of(first, second, third)).containsExactly(1, 1, 0);
        assertThat(keys(unsent(T0, 10))).containsExactly("unsent");
        assertThat(tx((StoreTx tx) -> tx.outbox().deleteSentBefore(T0.plusSeconds(6), 10))).isEqualTo(1);
    }

    @Test
    public void appendAll_emptyList_andUnknownIds_areHarmless() {
        run(tx -> tx.outbox().appendAll(List.of()));
        run(tx -> tx.outbox().markSent(List.of(), T0));
        run(tx -> tx.outbox().markSent(List.of(424242L), T0));

        assertThat(tx((StoreTx tx) -> tx.outbox().lag())).isEqualTo(new OutboxStore.Lag(0, null));
    }
}
