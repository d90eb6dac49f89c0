package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One of the bodies {@code POST /api/v1/ledger/{task_name}/reconcile} takes: {@code {"items": [...]}}, the items
 * that should have been done. The route also takes a bare JSON array of items, or plain text with one item per
 * line. Repeated items count once.
 */
public record ReconcileRequest(@JsonProperty("items") List<String> items) {
    public ReconcileRequest {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
