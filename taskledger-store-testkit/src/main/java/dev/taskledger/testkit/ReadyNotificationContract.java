package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code TaskStore.notifyReady} and {@code Store.subscribeReady}: a commit on one service node wakes the
 * listeners of another node on the same database, naming the tenant, and not those of the node that sent it (it
 * wakes its own waiters directly), nor those of another installation on the same database server. A listener is
 * called with null once it listens (notifications may have been missed before), so the tests wait for that call
 * instead of sleeping; every wait is on the listener's next call, bounded. The database delivers notifications in
 * commit order, so a call that must not come would have come before the next expected one. Only on backends that
 * never call a listener does a short wait show that no call comes.
 */
public abstract class ReadyNotificationContract extends StoreContractSupport {
    /** What {@link Calls} records for a call with null: any tenant's tasks may be ready. */
    private static final String ANY_TENANT = "<any tenant>";

    @Test
    public void notifyReadyAndSubscribeReady_areHarmlessOnEveryBackend() throws Exception {
        Calls calls = new Calls();
        Task task = pending("mail").build();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = otherNode.subscribeReady(calls)) {
            if (capabilities().listenNotify()) {
                assertThat(calls.next()).as("on connecting: any tenant's tasks may be ready").isEqualTo(ANY_TENANT);
            }

            run(tx -> {
                tx.insertTasks(NewTaskRow.withoutEvents(List.of(task)), null);
                tx.tasks().notifyReady(TENANT);
            });

            assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, task.id()))).as("the notifying transaction committed").isPresent();
            if (capabilities().listenNotify()) {
                assertThat(calls.next()).isEqualTo(TENANT);
            } else {
                assertThat(calls.within(500)).as(capabilities().name() + " never calls the listener: nodes poll").isNull();
            }
        }
        assertThat(calls.received()).as("no call after the last one expected").isEmpty();
    }

    @Test
    public void notifyReady_onCommit_wakesTheListenersOfAnotherNode_namingTheTenant() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        Calls calls = new Calls();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = otherNode.subscribeReady(calls)) {
            assertThat(calls.next()).as("on connecting: any tenant's tasks may be ready").isEqualTo(ANY_TENANT);

            store.inTransaction(tx -> {
                tx.tasks().notifyReady(OTHER_TENANT);
                return null;
            });

            assertThat(calls.next()).isEqualTo(OTHER_TENANT);
        }
    }

    @Test
    public void notifyReady_doesNotWakeTheListenersOfTheNodeThatSentIt() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        Calls calls = new Calls();
        try (Store otherNode = anotherNode(); AutoCloseable subscription = store.subscribeReady(calls)) {
            assertThat(calls.next()).isEqualTo(ANY_TENANT);

            notifyReadyFrom(store, TENANT); // its own: the service signals its waiters itself
            notifyReadyFrom(otherNode, OTHER_TENANT);

            assertThat(calls.next()).as("the other node's notification; its own, committed first, is skipped").isEqualTo(OTHER_TENANT);
        }
    }

    @Test
    public void notifyReady_ofAnotherInstallation_onTheSameDatabase_wakesNobodyHere() throws Exception {
        assumeTrue(capabilities().listenNotify(), capabilities().name() + " cannot notify other nodes");
        Store otherInstallation = fixture().newStore(); // its own schema on the same database server
        Calls calls = new Calls();
        try (Store sameInstallation = anotherNode(); AutoCloseable subscription = store.subscribeReady(calls)) {
            assertThat(calls.next()).isEqualTo(ANY_TENANT);

            notifyReadyFrom(otherInstallation, TENANT);
            notifyReadyFrom(sameInstallation, OTHER_TENANT);

            assertThat(calls.next()).as("this installation's notification; the other one's, committed first, never comes")
                    .isEqualTo(OTHER_TENANT);
        } finally {
            fixture().dispose(otherInstallation);
        }
    }

    private static void notifyReadyFrom(Store node, String tenant) {
        node.inTransaction(tx -> {
            tx.tasks().notifyReady(tenant);
            return null;
        });
    }

    /** A listener that records its calls in order, for the test to wait on one at a time. */
    private static final class Calls implements Consumer<String> {
        private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @Override
        public void accept(String tenant) {
            calls.add(tenant == null ? ANY_TENANT : tenant);
        }

        /** The next call's tenant, waiting for it at most 15 s; fails when none comes. */
        String next() throws InterruptedException {
            String tenant = calls.poll(15, TimeUnit.SECONDS);
            assertThat(tenant).as("a call of the listener within 15 s").isNotNull();
            return tenant;
        }

        /** The next call's tenant, waiting for it at most {@code millis}; null when none comes. */
        String within(long millis) throws InterruptedException {
            return calls.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** The calls received and not yet taken. */
        List<String> received() {
            List<String> out = new ArrayList<>();
            calls.drainTo(out);
            return out;
        }
    }
}
