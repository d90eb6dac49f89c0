package dev.taskledger.queue;

import java.util.UUID;

/**
 * One edge of a workflow: {@code childId} waits for {@code parentId} (both of {@code tenant}). {@code position} is the
 * parent's place in the child's {@code depends_on}; {@code onParentFailure} is the child's policy (the same on each
 * of its edges); {@code cancelledChild} is true while the child stays cancelled because this parent failed or was
 * cancelled, so that retrying this parent revives it ({@link TaskDependencies}).
 */
public record TaskDependency(String tenant, UUID childId, UUID parentId, int position, OnParentFailure onParentFailure,
                             boolean cancelledChild) {
}
