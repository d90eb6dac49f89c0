package dev.taskledger.server.config;

import dev.taskledger.queue.TaskLimits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code TASKLEDGER_TYPE_TIMEOUTS}: the execution timeout a new task of a type gets when its request gives no
 * {@code timeout_seconds}, as {@code type=seconds,type2=seconds}. A type containing ',' cannot be named here (its
 * tasks can still carry their own timeout); the last '=' of an entry separates the type from the seconds.
 */
final class TypeTimeouts {
    private TypeTimeouts() {}

    static Map<String, Integer> fromEnv(EnvReader r) {
        Map<String, Integer> timeouts = new LinkedHashMap<>();
        String list = r.first("TASKLEDGER_TYPE_TIMEOUTS");
        if (list == null) {
            return timeouts;
        }
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String type = eq < 0 ? "" : entry.substring(0, eq).trim();
            String seconds = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (type.isEmpty() || type.length() > TaskLimits.MAX_TYPE_LENGTH) {
                r.problem("TASKLEDGER_TYPE_TIMEOUTS: each entry must be type=seconds (a type of 1 to "
                        + TaskLimits.MAX_TYPE_LENGTH + " characters; entries separated by commas)");
                continue;
            }
            int value;
            try {
                value = Integer.parseInt(seconds);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1 || value > TaskLimits.MAX_TIMEOUT_SECONDS) {
                r.problem("TASKLEDGER_TYPE_TIMEOUTS: the timeout of type '" + type + "' must be a whole number of seconds"
                        + " between 1 and " + TaskLimits.MAX_TIMEOUT_SECONDS + ", was '" + seconds + "'");
            } else if (timeouts.putIfAbsent(type, value) != null) {
                r.problem("TASKLEDGER_TYPE_TIMEOUTS: type '" + type + "' is given twice");
            }
        }
        return timeouts;
    }
}
