package dev.taskledger.store;

/** The sub-stores of one open transaction. */
public interface StoreTx {
    TaskStore tasks();

    EventStore events();

    ResultStore results();

    LedgerStore ledger();

    OutboxStore outbox();
}
