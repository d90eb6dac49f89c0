package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskLimits;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TaskService#createStream}: many tasks in chunks in one transaction, each with its created event, as a batch
 * would write them (PostgreSQL copies chunks without idempotency keys); idempotency keys; all or nothing when a line
 * is refused, which names its line.
 */
public abstract class StreamCreateContract extends ServiceContractSupport {
    /** More than two chunks, so the last chunk is a partial one. */
    private static final int MANY = 2 * TaskLimits.STREAM_CHUNK + 500;

    private static Iterator<TaskService.StreamedSpec> lines(List<TaskSpec> specs) {
        return IntStream.range(0, specs.size()).mapToObj(i -> new TaskService.StreamedSpec(i + 1, specs.get(i))).iterator();
    }

    private static TaskSpec numbered(int n, String key) {
        return newTask("render", "{\"i\":" + n + "}", null, key);
    }

    private List<Task> all(String tenant) {
        List<Task> out = new ArrayList<>();
        String cursor = null;
        do {
            var page = tasks.list(new TaskQuery(tenant, null, null, null, null, null, TaskLimits.MAX_LIST, cursor));
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    @Test
    public void manyTasks_areCreatedInLineOrder_eachPendingWithOneCreatedEvent() {
        List<TaskSpec> specs = IntStream.range(0, MANY).mapToObj(n -> numbered(n, null)).toList();

        List<TaskService.StreamedId> out = tasks.createStream(TENANT, lines(specs));

        assertThat(out).hasSize(MANY).allMatch(TaskService.StreamedId::created);
        assertThat(out.stream().map(TaskService.StreamedId::id).distinct()).hasSize(MANY);
        assertThat(all(TENANT)).hasSize(MANY).allMatch(t -> t.status() == TaskStatus.PENDING);
        for (int n : new int[] {0, TaskLimits.STREAM_CHUNK - 1, TaskLimits.STREAM_CHUNK, MANY - 1}) {
            Task task = tasks.get(TENANT, out.get(n).id());
            assertThat(JsonText.sameJson(task.payload(), "{\"i\":" + n + "}")).as(task.payload()).isTrue();
            List<TaskEvent> events = events(task.id());
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().status()).isEqualTo(TaskStatus.PENDING);
            assertThat(events.getFirst().actor()).isEqualTo("API");
            assertThat(JsonText.sameJson(events.getFirst().detail(), "{\"type\":\"render\",\"priority\":1}"))
                    .as(events.getFirst().detail()).isTrue();
        }
    }

    @Test
    public void aStreamedTask_isStoredExactlyAsTheSameBatchItem_evenWithTextCopyMustEscape() {
        // tabs, newlines, backslashes and the NUL escape in every text column that COPY's text format escapes
        TaskSpec odd = new TaskSpec("odd\\type", "{\"s\":\t\"a\\tb\\\\c\\u0000d\\n\",\n\"e\":\"\uD83D\uDE00\"}",
                "{\"m\":\"x\\\\y\"}", Map.of("k\\1", "v\tw\nz"), 7, null, 30L, 5, 60, null, false, "ck\\\t1", 90);
        List<TaskSpec> specs = new ArrayList<>(IntStream.range(0, 150).mapToObj(n -> odd).toList());

        List<TaskService.StreamedId> streamed = tasks.createStream(TENANT, lines(specs));
        Task batched = tasks.createAll(TENANT, List.of(odd)).getFirst().task();

        Task task = tasks.get(TENANT, streamed.get(149).id());
        Task expected = tasks.get(TENANT, batched.id());
        assertThat(task.payload()).isEqualTo(expected.payload());
        assertThat(task.metadata()).isEqualTo(expected.metadata());
        assertThat(task.tags()).isEqualTo(Map.of("k\\1", "v\tw\nz"));
        assertThat(task.type()).isEqualTo("odd\\type");
        assertThat(task.concurrencyKey()).isEqualTo("ck\\\t1");
        assertThat(List.of(task.priority(), task.maxAttempts(), task.leaseSeconds(), task.timeoutSeconds()))
                .containsExactly(7, 5, 60, 90);
        assertThat(task.runAt()).isEqualTo(SampleTasks.T0.plusSeconds(30));
        assertThat(task.createdAt()).isEqualTo(SampleTasks.T0);
        String expectedDetail = events(expected.id()).getFirst().detail();
        assertThat(events(task.id())).singleElement().satisfies(e ->
                assertThat(JsonText.sameJson(e.detail(), expectedDetail)).as(e.detail()).isTrue());
    }

    @Test
    public void idempotencyKeys_answerTheExistingTask_withinTheStreamAndOnARepeat() {
        List<TaskSpec> specs = new ArrayList<>(IntStream.range(0, TaskLimits.STREAM_CHUNK + 10)
                .mapToObj(n -> numbered(n, "k" + n)).toList());
        specs.add(numbered(-1, "k3")); // repeats line 4's key, in another chunk

        List<TaskService.StreamedId> first = tasks.createStream(TENANT, lines(specs));
        List<TaskService.StreamedId> again = tasks.createStream(TENANT, lines(specs));

        assertThat(first.subList(0, specs.size() - 1)).allMatch(TaskService.StreamedId::created);
        assertThat(first.getLast()).isEqualTo(new TaskService.StreamedId(first.get(3).id(), false));
        assertThat(again).allMatch(t -> !t.created());
        assertThat(again.stream().map(TaskService.StreamedId::id).toList())
                .isEqualTo(first.stream().map(TaskService.StreamedId::id).toList());
        assertThat(all(TENANT)).hasSize(specs.size() - 1);
        assertThat(events(first.get(3).id())).hasSize(1);
    }

    @Test
    public void aRefusedLine_namesItsLine_andNothingOfTheStreamIsWritten() {
        List<TaskSpec> specs = new ArrayList<>(IntStream.range(0, 2 * TaskLimits.STREAM_CHUNK + 5)
                .mapToObj(n -> numbered(n, null)).toList());
        specs.set(2 * TaskLimits.STREAM_CHUNK + 2, new TaskSpec("render", "{}", null, null, 70_000, null, null, null, null, null, false));

        assertThatThrownBy(() -> tasks.createStream(TENANT, lines(specs)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                    assertThat(e.getMessage()).startsWith("line " + (2 * TaskLimits.STREAM_CHUNK + 3) + ": priority");
                });
        assertThat(all(TENANT)).isEmpty();
    }

    @Test
    public void aReadErrorMidStream_writesNothing() {
        Iterator<TaskService.StreamedSpec> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == TaskLimits.STREAM_CHUNK + 1) {
                    throw ServiceException.badRequest("line " + (n + 1) + " is not valid JSON");
                }
                return true;
            }

            @Override
            public TaskService.StreamedSpec next() {
                n++;
                return new TaskService.StreamedSpec(n, numbered(n, null));
            }
        };

        assertFailsWith(ServiceException.Kind.BAD_REQUEST, () -> tasks.createStream(TENANT, failing));
        assertThat(all(TENANT)).isEmpty();
    }

    @Test
    public void workflowsAndEmptyStreams_areRefused() {
        TaskSpec child = new TaskSpec("render", "{}", null, null, null, null, null, null, null, null, false, null, null,
                List.of(UUID.randomUUID().toString()), null, null);
        TaskSpec noType = new TaskSpec(null, "{}", null, null, null, null, null, null, null, null, false);

        assertThatThrownBy(() -> tasks.createStream(TENANT, lines(List.of(numbered(0, null), child))))
                .hasMessageStartingWith("line 2: depends_on");
        assertThatThrownBy(() -> tasks.createStream(TENANT, lines(List.of(noType))))
                .hasMessageStartingWith("line 1: type is required");
        assertFailsWith(ServiceException.Kind.INVALID, () -> tasks.createStream(TENANT, lines(List.of())));
        assertThat(all(TENANT)).isEmpty();
    }
}
