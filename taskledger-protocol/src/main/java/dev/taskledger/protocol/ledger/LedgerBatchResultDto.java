package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code POST /api/v1/ledger/batch}: how many rows were recorded (a key repeated in the batch
 * counts each time, and each repeat adds one retry). Every row is validated before any is written, so a
 * batch is either recorded whole or refused whole with a problem naming the first bad row.
 */
public record LedgerBatchResultDto(@JsonProperty("recorded") int recorded) {
}
