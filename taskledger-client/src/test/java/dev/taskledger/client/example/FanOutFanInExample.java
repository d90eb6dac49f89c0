package dev.taskledger.client.example;

import dev.taskledger.client.NewTask;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.RelatedTaskDto;
import dev.taskledger.protocol.TaskDto;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A runnable workflow: one root task fans out to N children (default 1,000) that each wait for it, and one join
 * task waits for all of them and adds up their results, which its handler reads with {@code task.parents()}. No
 * task is claimable before its parents completed; the join becomes pending in the transaction of the last child's
 * completion. Start a server first (defaults: SQLite, port 8503, no API key):
 *
 * <pre>
 * java -jar taskledger-server/target/taskledger-server.jar &amp;
 * mvn -B -q -pl taskledger-client test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.taskledger.client.example.FanOutFanInExample [-Dexec.args="http://127.0.0.1:8503 api-key 1000"]
 * </pre>
 */
public final class FanOutFanInExample {
    private FanOutFanInExample() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8503";
        TaskledgerClient client = TaskledgerClient.builder()
                .baseUrl(url)
                .apiKey(args.length > 1 ? args[1] : System.getenv("TASKLEDGER_API_KEY")) // none in loopback dev mode
                .build();
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        System.out.println("sum of squares 1.." + n + " = " + run(client, n));
    }

    /** Builds the graph, runs it with a worker and returns the join's result (the sum of i² for i = 1..n). */
    public static long run(TaskledgerClient client, int n) throws Exception {
        // 1. The graph: root → n children (one batch, each depends_on the root) → join (depends_on every child)
        TaskDto root = client.create(NewTask.of("split").payload(Map.of("n", n)).build());
        List<CreateTaskRequest> children = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            children.add(NewTask.of("square").payload(Map.of("i", i)).dependsOn(root.id()).build());
        }
        List<String> childIds = client.createBatch(children).stream().map(TaskDto::id).toList();
        TaskDto join = client.create(NewTask.of("sum").dependsOn(childIds).build()); // status "waiting"

        // 2. One worker for all three types; a handler's return value is the task's result
        try (Worker worker = Worker.builder(client)
                .types("split", "square", "sum")
                .concurrency(16)
                .pollWait(Duration.ofSeconds(1))
                .handler(task -> switch (task.type()) {
                    case "split" -> Map.of("children", n);
                    case "square" -> {
                        long i = task.payload().path("i").asLong();
                        yield Map.of("square", i * i);
                    }
                    default -> { // "sum": the results of its parents, read through the task context
                        long sum = 0;
                        for (RelatedTaskDto parent : task.parents()) {
                            sum += dev.taskledger.protocol.Json.read(parent.result(), Map.class).get("square") instanceof Number v
                                    ? v.longValue() : 0;
                        }
                        yield Map.of("sum", sum);
                    }
                })
                .build()
                .start()) {
            while (!"completed".equals(client.get(join.id()).status())) {
                Thread.sleep(100);
            }
        }
        return dev.taskledger.protocol.Json.read(client.result(join.id()).result(), Map.class).get("sum") instanceof Number s
                ? s.longValue() : -1;
    }
}
