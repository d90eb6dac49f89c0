package dev.taskledger.jobs;

import java.time.Instant;
import java.util.Set;

/**
 * The {@code archive_files} table: the names of retention's archive files whose rows are deleted but whose
 * file may not be in place yet. Retention adds a batch's name in the transaction that deletes the batch and
 * removes it once the file is in place, so after an interruption the name alone tells whether a file left
 * under its temporary name holds deleted rows (publish it) or rows of a rolled-back batch (discard it).
 */
public interface ArchiveFileStore {

    /** Records that the batch archived in the file {@code name} is deleted. */
    void add(String name, Instant at);

    /** Every recorded name (few: a name lives from a batch's commit until its file is in place). */
    Set<String> names();

    /** Forgets the name (its file is in place). */
    void remove(String name);
}
