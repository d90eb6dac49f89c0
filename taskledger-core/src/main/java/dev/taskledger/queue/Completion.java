package dev.taskledger.queue;

import java.util.UUID;

/** One item of {@link WorkService#completeAll}: complete task {@code id}, held under {@code leaseToken}, with {@code resultJson}. */
public record Completion(UUID id, String leaseToken, String resultJson) {
}
