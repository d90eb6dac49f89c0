package dev.taskledger.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads typed values from an environment map, collecting every problem instead of stopping at the first. */
final class EnvReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The trimmed value of the first of {@code names} that is set and not blank; null when none is. */
    String first(String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** Like {@link #first} but the value is kept as given (passwords may start or end with spaces). */
    String firstVerbatim(String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** The name of the first of {@code names} that is set and not blank, for messages. */
    String nameOfFirst(String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return names[0];
    }

    String string(String name, String defaultValue) {
        String value = first(name);
        return value == null ? defaultValue : value;
    }

    int integer(String name, int defaultValue, int min, int max) {
        String value = first(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(name + "=" + value + " is not valid: expected a whole number from " + min + " to " + max);
        return defaultValue;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Throws a {@link ConfigException} listing every problem, if there were any. */
    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
