package dev.taskledger.store;

/**
 * Values an installation keeps for good in its database, the same for every node sharing it (the key of the
 * ledger's public ids, say).
 */
public interface InstallationStore {

    /**
     * The value stored under {@code name}; when there is none yet, {@code candidate} is stored and returned. Nodes
     * racing with different candidates all get the one stored first.
     */
    String getOrPut(String name, String candidate);
}
