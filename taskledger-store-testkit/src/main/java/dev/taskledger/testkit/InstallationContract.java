package dev.taskledger.testkit;

import dev.taskledger.store.Store;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code InstallationStore}: a value stored once under a name, the same for every node that asks. */
public abstract class InstallationContract extends StoreContractSupport {

    @Test
    public void getOrPut_storesTheFirstCandidate_andKeepsItForGood() {
        assertThat(getOrPut("key", "first")).isEqualTo("first");
        assertThat(getOrPut("key", "second")).isEqualTo("first");
        assertThat(getOrPut("other", "x")).isEqualTo("x");
    }

    @Test
    public void nodesRacingToStore_allGetTheSameValue() throws Exception {
        try (Store otherNode = anotherNode()) {
            for (int round = 0; round < 5; round++) {
                String name = "race-" + round;
                List<String> values = new CopyOnWriteArrayList<>();
                List<Throwable> errors = Races.race(4, thread -> {
                    Store node = thread % 2 == 0 ? store : otherNode;
                    values.add(node.inTransaction(tx -> tx.installation().getOrPut(name, "candidate-" + thread)));
                });
                assertThat(errors).isEmpty();
                assertThat(values).as("round %d", round).hasSize(4).containsOnly(values.getFirst());
                assertThat(getOrPut(name, "late")).isEqualTo(values.getFirst());
            }
        }
    }

    private String getOrPut(String name, String candidate) {
        return store.inTransaction(tx -> tx.installation().getOrPut(name, candidate));
    }
}
