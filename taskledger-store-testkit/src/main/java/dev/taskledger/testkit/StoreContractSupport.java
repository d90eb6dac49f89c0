package dev.taskledger.testkit;

import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Base of every contract class: opens a fresh store from the backend's {@link StoreFixture} before each
 * test and disposes of it afterwards. Subclasses only implement {@link #fixture()}.
 *
 * <p>The contracts of a suite run concurrently ({@link StoreContractSuite}), a contract's tests one after another
 * ({@link OneAfterAnother}). A contract that runs in real time with bounds of a second or so takes the
 * {@link #REAL_TIME} lock for itself ({@code @ResourceLock(REAL_TIME)}): then no other contract of this JVM runs
 * meanwhile, as every contract holds it shared.
 */
@TestMethodOrder(OneAfterAnother.class)
@ResourceLock(value = StoreContractSupport.REAL_TIME, mode = ResourceAccessMode.READ)
public abstract class StoreContractSupport {
    /** The lock a real-time contract takes alone and every other contract shares. */
    public static final String REAL_TIME = "taskledger.store.real-time";

    /** The store of the running test: fresh, migrated and empty when the test starts. */
    protected StoreBackend store;
    private StoreFixture openedBy;

    /** The backend's fixture. Called before each test; may return the same instance every time. */
    protected abstract StoreFixture fixture();

    @BeforeEach
    protected final void openStore() {
        openedBy = fixture();
        store = openedBy.newStore();
    }

    @AfterEach
    protected final void disposeStore() {
        if (store != null) {
            StoreBackend s = store;
            store = null;
            openedBy.dispose(s);
        }
    }

    /** Runs {@code work} in one transaction of the test's store. */
    protected final <T> T tx(Function<StoreTx, T> work) {
        return store.inTransaction(work);
    }

    /** Runs {@code work} in one transaction of the test's store, for work without a result. */
    protected final void run(Consumer<StoreTx> work) {
        store.inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** A second store over the test's database (another service node); the test must close it. Skips when unsupported. */
    protected final StoreBackend anotherNode() {
        return openedBy.anotherNode(store).orElseThrow(() -> new org.opentest4j.TestAbortedException(
                "the fixture of " + store.capabilities().name() + " cannot open a second store on the same database"));
    }

    protected final StoreCapabilities capabilities() {
        return store.capabilities();
    }
}
