package dev.taskledger.queue;

/**
 * A parent or child of a task in a workflow: the task, the child's {@code on_parent_failure} on that edge, and
 * (parents only; null otherwise, or when it stored none) the task's result.
 */
public record Related(Task task, OnParentFailure onParentFailure, TaskResult result) {
}
