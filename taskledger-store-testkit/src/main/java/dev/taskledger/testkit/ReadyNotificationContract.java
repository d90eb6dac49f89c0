package dev.taskledger.testkit;

import dev.taskledger.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code TaskStore.notifyReady} and {@code Store.subscribeReady}: a commit on one service node wakes the
 * listeners of another node on the same database, and not those of the node that sent it (it wakes its own
 * waiters directly). Awaits the asynchronous delivery; it waits a fixed time only to show that a call does not come.
 */
public abstract class ReadyNotificationContract extends StoreContractSupport {

    @Test
    public void notifyReadyAndSubscribeReady_areHarmlessOnEveryBackend() throws Exception {
        AutoCloseable subscription = store.subscribeReady(() -> { });

        run(tx -> tx.tasks().notifyReady(TENANT));

        subscription.close();
    }

    @Test
    public void notifyReady_onCommit_wakesTheListenersOfAnotherNode() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        AtomicInteger calls = new AtomicInteger();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = otherNode.subscribeReady(calls::incrementAndGet)) {
            // The subscription starts listening asynchronously: notify until the first call shows it listens.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                run(tx -> tx.tasks().notifyReady(TENANT));
                return calls.get() > 0;
            });
            int before = calls.get();

            run(tx -> tx.tasks().notifyReady(TENANT));

            await().atMost(Duration.ofSeconds(15)).until(() -> calls.get() > before);
        }
    }

    @Test
    public void notifyReady_doesNotWakeTheListenersOfTheNodeThatSentIt() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        AtomicInteger calls = new AtomicInteger();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = store.subscribeReady(calls::incrementAndGet)) {
            // listening starts asynchronously; the other node's notifications show when it does
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                otherNode.inTransaction(tx -> {
                    tx.tasks().notifyReady(TENANT);
                    return null;
                });
                return calls.get() > 1; // the first call comes with the connection itself
            });
            await().pollDelay(Duration.ofMillis(300)).until(() -> true); // let stray deliveries land
            int before = calls.get();

            run(tx -> tx.tasks().notifyReady(TENANT)); // its own: the service signals its waiters itself

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == before);
            otherNode.inTransaction(tx -> {
                tx.tasks().notifyReady(TENANT);
                return null;
            });
            await().atMost(Duration.ofSeconds(15)).until(() -> calls.get() == before + 1);
        }
    }
}
