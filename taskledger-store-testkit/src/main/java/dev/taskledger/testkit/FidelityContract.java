package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.taskledger.testkit.JsonText.assertSameEvent;
import static dev.taskledger.testkit.JsonText.assertSameTask;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact round-trips of queue data (see {@code Store}'s Javadoc): Unicode beyond the BMP, JSON holding the NUL
 * escape, free text holding a raw U+0000, payload/metadata text kept verbatim, millisecond instants, large values,
 * and text that looks like SQL patterns, array or JSON syntax (matched exactly, never as a pattern).
 */
public abstract class FidelityContract extends StoreContractSupport {
    static final String EMOJI_CJK = "猫🐈‍⬛ 東京 ✓ 𝄞 \uD83D\uDE00 한국어 ñ";
    static final String NUL_JSON = "{\"text\":\"before\\u0000after\",\"arr\":[\"\\u0000\"],\"k\\u0000ey\":1}";

    private Task stored(Task t) {
        return tx(tx -> tx.tasks().get(t.tenant(), t.id())).orElseThrow();
    }

    @Test
    public void task_unicodeInEveryTextField_roundTripsExactly() {
        Task t = pending("mail").state(EMOJI_CJK).payload("{\"msg\":\"" + EMOJI_CJK + "\"}")
                .metadata("{\"" + EMOJI_CJK + "\":\"v\"}").tags(Map.of("lang", EMOJI_CJK, "🐈", "猫"))
                .error("失败: " + EMOJI_CJK).leaseOwner("worker-猫").build();

        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        assertSameTask(stored(t), t);
    }

    @Test
    public void task_payloadAndMetadata_keepTheirJsonValue_whateverTheFormatting() {
        String payload = "{\"z\": 1,   \"a\" : [1.0, 2e3, -0.5],\n \"nested\": {\"y\": null, \"b\": \"\\u00e9\\\"q\"}}";
        String metadata = "{\"b\":2,\"a\":1}";
        Task t = pending("mail").payload(payload).metadata(metadata).build();

        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        assertThat(JsonText.sameJson(stored(t).payload(), payload))
                .as("Task Javadoc: the same JSON value (got %s)", stored(t).payload()).isTrue();
        assertThat(JsonText.sameJson(stored(t).metadata(), metadata))
                .as("Task Javadoc: the same JSON value (got %s)", stored(t).metadata()).isTrue();
    }

    @Test
    public void task_jsonWithNulEscape_roundTripsInPayloadAndMetadata_onInsertAndUpdate() {
        Task t = pending("mail").payload(NUL_JSON).metadata(NUL_JSON).build();

        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));
        assertSameTask(stored(t), t);

        Task changed = t.toBuilder().metadata("{\"m\":\"x\\u0000y\"}").build();
        run(tx -> tx.tasks().update(changed));
        assertSameTask(stored(t), changed.toBuilder().version(1).build());
    }

    @Test
    public void task_rawNulCharacterInErrorAndState_roundTrips() {
        Task t = pending("mail").error("stack\u0000trace\u0000").state("half\u0000way").build();

        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));
        assertThat(stored(t).error()).isEqualTo("stack\u0000trace\u0000");
        assertThat(stored(t).state()).isEqualTo("half\u0000way");

        run(tx -> tx.tasks().update(t.toBuilder().error("\u0000only nul first").build()));
        assertThat(stored(t).error()).isEqualTo("\u0000only nul first");
    }

    @Test
    public void event_detailWithNulEscape_andUnicode_roundTrips() {
        Task t = pending("mail").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));
        TaskEvent e = new TaskEvent(SampleTasks.newId(), t.id(), TaskStatus.FAILED, "state \u0000 " + EMOJI_CJK,
                "{\"error\":\"bad\\u0000byte " + EMOJI_CJK + "\"}", "WORKER:猫", T0);

        run(tx -> tx.events().appendAll(List.of(e)));

        assertSameEvent(tx(tx -> tx.events().latest(t.id(), 1)).getFirst(), e);
    }

    @Test
    public void result_withNulEscape_andUnicode_roundTrips() {
        Task t = pending("mail").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));
        TaskResult r = new TaskResult(t.id(), "{\"out\":\"a\\u0000b " + EMOJI_CJK + "\"}", T0);

        run(tx -> tx.results().putAll(List.of(r)));

        EventAndResultContract.assertSameResult(tx(tx -> tx.results().get(t.id())).orElseThrow(), r);
    }

    @Test
    public void task_instants_roundTripAtMillisecondPrecision() {
        Instant odd = Instant.parse("2031-12-31T23:59:59.999Z");
        Instant early = Instant.parse("1999-01-01T00:00:00.001Z");
        Task t = pending("mail").runAt(odd).createdAt(early).updatedAt(T0).startedAt(T0.plusMillis(1))
                .finishedAt(odd.minusMillis(998)).leaseExpiresAt(T0.plusMillis(10)).build();

        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        Task got = stored(t);
        assertThat(List.of(got.runAt(), got.createdAt(), got.updatedAt(), got.startedAt(), got.finishedAt(),
                got.leaseExpiresAt())).containsExactly(odd, early, T0, T0.plusMillis(1), odd.minusMillis(998),
                T0.plusMillis(10));
    }

    @Test
    public void task_tagsWithQuotesSeparatorsAndPatternCharacters_roundTripAndFilterExactly() {
        Map<String, String> odd = Map.of("k", "a_c", "q\"uote", "x,y\\z{}", "null", "NULL", "pct", "50%", "sp ace", " ");
        Task a = pending("mail").tags(odd).build();
        Task b = pending("mail").tags(Map.of("k", "abc", "pct", "50x")).build();
        Task c = pending("mail").tags(Map.of("K", "a_c")).build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(a, b, c)), null));

        assertSameTask(stored(a), a);
        assertThat(listByTag(Map.of("k", "a_c"))).as("'_' is not a wildcard; keys are case-sensitive").containsExactly(a.id());
        assertThat(listByTag(Map.of("pct", "50%"))).containsExactly(a.id());
        assertThat(listByTag(Map.of("q\"uote", "x,y\\z{}"))).containsExactly(a.id());
        assertThat(listByTag(Map.of("null", "NULL"))).containsExactly(a.id());
        assertThat(listByTag(Map.of("k", "a%"))).isEmpty();
    }

    private List<java.util.UUID> listByTag(Map<String, String> tags) {
        return SampleTasks.idsOf(tx(tx -> tx.tasks().list(new dev.taskledger.queue.TaskQuery(TENANT, null, null, tags,
                null, null, 100, null))).items());
    }

    @Test
    public void task_typesMatchExactly_inListAndClaim_caseAndPatternCharactersIncluded() {
        Task lower = pending("mail").build();
        Task upper = pending("Mail").build();
        Task underscore = pending("ma_l").build();
        Task percent = pending("m%").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(lower, upper, underscore, percent)), null));

        assertThat(SampleTasks.idsOf(tx(tx -> tx.tasks().list(new dev.taskledger.queue.TaskQuery(TENANT, null, "ma_l", null,
                null, null, 100, null))).items())).containsExactly(underscore.id());
        assertThat(SampleTasks.idsOf(tx(tx -> tx.tasks().claim(new dev.taskledger.queue.TaskClaim(TENANT,
                List.of("Mail", "m%"), 10, "w", "tok", null, T0))))).containsExactlyInAnyOrder(upper.id(), percent.id());
        assertThat(stored(lower).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(stored(underscore).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void task_largePayloadLongErrorAndExtremeNumbers_roundTrip() {
        String big = "{\"blob\":\"" + "0123456789abcdef".repeat(16_384) + "\"}"; // 256 KiB
        Task t = pending("mail").payload(big).error("e".repeat(100_000)).priority(Short.MAX_VALUE).maxAttempts(1_000)
                .leaseSeconds(86_400).runAt(T0.plusSeconds(366L * 86_400)).retryCount(999).progress(100).build();
        Task low = pending("mail").priority(Short.MIN_VALUE).build();

        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t, low)), null));

        assertSameTask(stored(t), t);
        assertSameTask(stored(low), low);
    }

    @Test
    public void task_batchOfManyTasksWithIdempotencyKeys_roundTrips() {
        List<Task> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(pending(i % 2 == 0 ? "mail" : "sms").inputHash(i % 3 == 0 ? null : SampleTasks.hash("b" + i))
                    .tags(Map.of("i", Integer.toString(i), "q", "\"," + i)).payload("{\"i\":" + i + "}").build());
        }

        List<dev.taskledger.queue.spi.TaskStore.Inserted> out = tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(batch), null));

        assertThat(out).extracting(dev.taskledger.queue.spi.TaskStore.Inserted::created).containsOnly(true);
        List<Task> got = tx(tx -> tx.tasks().getAll(TENANT, SampleTasks.idsOf(batch)));
        assertThat(got).hasSize(1_000);
        java.util.Map<java.util.UUID, Task> byId = new java.util.HashMap<>();
        got.forEach(g -> byId.put(g.id(), g));
        batch.forEach(b -> assertSameTask(byId.get(b.id()), b));
    }
}
