package dev.taskledger.schedule;

import dev.taskledger.queue.TaskStatus;

/** A schedule as the API shows it: with the status of its last task (null when none, or deleted since). */
public record ScheduleInfo(Schedule schedule, TaskStatus lastTaskStatus) {
}
