package dev.taskledger.testkit;

import dev.taskledger.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
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
        AutoCloseable subscription = store.subscribeReady(tenant -> { });

        run(tx -> tx.tasks().notifyReady(TENANT));

        subscription.close();
    }

    @Test
    public void notifyReady_onCommit_wakesTheListenersOfAnotherNode_namingTheTenant() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        AtomicInteger calls = new AtomicInteger();
        List<String> tenants = new CopyOnWriteArrayList<>();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = otherNode.subscribeReady(tenant -> {
            tenants.add(String.valueOf(tenant));
            calls.incrementAndGet();
        })) {
            awaitListening(store, calls, 0);
            assertThat(tenants.getFirst()).as("on connecting: any tenant's tasks may be ready").isEqualTo("null");
            int before = calls.get();

            store.inTransaction(tx -> {
                tx.tasks().notifyReady(OTHER_TENANT);
                return null;
            });

            await().atMost(Duration.ofSeconds(15)).until(() -> tenants.subList(before, tenants.size()).contains(OTHER_TENANT));
        }
    }

    @Test
    public void notifyReady_doesNotWakeTheListenersOfTheNodeThatSentIt() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        AtomicInteger calls = new AtomicInteger();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = store.subscribeReady(tenant -> calls.incrementAndGet())) {
            awaitListening(otherNode, calls, 1); // the first call comes with the connection itself
            await().pollDelay(Duration.ofMillis(300)).until(() -> true); // let stray deliveries land
            int before = calls.get();

            notifyReadyFrom(store); // its own: the service signals its waiters itself

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == before);
            notifyReadyFrom(otherNode);
            await().atMost(Duration.ofSeconds(15)).until(() -> calls.get() == before + 1);
        }
    }

    @Test
    public void notifyReady_ofAnotherInstallation_onTheSameDatabase_wakesNobodyHere() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        Store otherInstallation = fixture().newStore(); // its own schema on the same database server
        AtomicInteger calls = new AtomicInteger();
        try (Store sameInstallation = anotherNode(); AutoCloseable subscription = store.subscribeReady(tenant -> calls.incrementAndGet())) {
            awaitListening(sameInstallation, calls, 1);
            await().pollDelay(Duration.ofMillis(300)).until(() -> true); // let stray deliveries land
            int before = calls.get();

            notifyReadyFrom(otherInstallation);

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == before);
        } finally {
            fixture().dispose(otherInstallation);
        }
    }

    /** A subscription starts listening asynchronously: {@code sender} notifies until the calls pass {@code above}. */
    private static void awaitListening(Store sender, AtomicInteger calls, int above) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            notifyReadyFrom(sender);
            return calls.get() > above;
        });
    }

    private static void notifyReadyFrom(Store node) {
        node.inTransaction(tx -> {
            tx.tasks().notifyReady(TENANT);
            return null;
        });
    }
}
