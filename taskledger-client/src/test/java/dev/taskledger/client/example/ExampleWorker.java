package dev.taskledger.client.example;

import dev.taskledger.client.NewTask;
import dev.taskledger.client.NonRetryableException;
import dev.taskledger.client.TaskFilter;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.protocol.TaskDto;

import java.time.Duration;
import java.util.Map;

/**
 * A runnable example: creates a few tasks and processes them with a {@link Worker}, then records the outcome
 * of a one-off repair in the ledger. Start a server first (defaults: SQLite, port 8503, no API key):
 *
 * <pre>
 * java -jar taskledger-server/target/taskledger-server.jar &amp;
 * mvn -B -q -pl taskledger-client test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.taskledger.client.example.ExampleWorker [-Dexec.args="http://127.0.0.1:8503 api-key"]
 * </pre>
 */
public final class ExampleWorker {
    private ExampleWorker() {}

    /** The payload of an "email" task, read with {@code task.payload(Email.class)}. */
    public record Email(String to, String subject) {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8503";
        TaskledgerClient client = TaskledgerClient.builder()
                .baseUrl(url)
                .apiKey(args.length > 1 ? args[1] : System.getenv("TASKLEDGER_API_KEY")) // none in loopback dev mode
                .build();

        // 1. A service creates work (the idempotency key makes a re-run create nothing twice)
        for (int i = 1; i <= 5; i++) {
            client.create(NewTask.of("email")
                    .payload(new Email("user" + i + "@example.org", "Welcome"))
                    .idempotencyKey("welcome-user" + i)
                    .build());
        }

        // 2. A worker processes it: results complete the task, exceptions fail (and retry) it
        try (Worker worker = Worker.builder(client)
                .types("email")
                .concurrency(4)
                .pollWait(Duration.ofSeconds(1)) // how long an idle claim waits; also bounds how long close() waits for it
                .handler(task -> {
                    Email email = task.payload(Email.class);
                    if (email.to().isBlank()) {
                        throw new NonRetryableException("no recipient"); // failed for good, no retry
                    }
                    task.progress(50, "Rendering");
                    Thread.sleep(100); // the real work; an interrupt here means the task was cancelled
                    return Map.of("sent_to", email.to());
                })
                .build()
                .start()) {
            while (client.list(TaskFilter.PENDING.withType("email"), null).tasks().size() > 0
                    || client.list(TaskFilter.status("processing").withType("email"), null).tasks().size() > 0) {
                Thread.sleep(200);
            }
        } // close(): stop claiming, let handlers in flight finish

        client.listAll(TaskFilter.status("completed").withType("email")).limit(5).forEach((TaskDto t) ->
                System.out.println(t.id() + " completed: " + client.result(t.id()).result()));

        // 3. The ledger of one-off work: record each attempt, then ask what is missing
        client.ledger().record("changeToken", "ark:/28722/bk0003d9n5m", "fail", "Exception copy");
        client.ledger().record("changeToken", "ark:/28722/bk0003d9n5m", "ok", null);
        System.out.println(client.ledger().reconcile("changeToken",
                java.util.List.of("ark:/28722/bk0003d9n5m", "ark:/28722/bk0003d9n5x")));
    }
}
