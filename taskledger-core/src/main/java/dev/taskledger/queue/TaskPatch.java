package dev.taskledger.queue;

import java.util.Map;

/**
 * A merge-update: null fields are left alone. {@code metadata} is a JSON object merged into the stored one
 * (RFC 7386: a null member removes the key); {@code tags} entries are merged (a null value removes the tag).
 * {@code expectedVersion} comes from If-Match; null skips the check.
 */
public record TaskPatch(String state, Integer progress, String metadata, Map<String, String> tags,
                        Integer priority, Integer expectedVersion) {
}
