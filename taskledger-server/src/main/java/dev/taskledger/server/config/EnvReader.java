package dev.taskledger.server.config;

import java.time.Duration;
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

    /**
     * A duration: ISO-8601 ({@code PT6H}, {@code P7D}) or a whole number with a unit ({@code 90s}, {@code 30m},
     * {@code 6h}, {@code 7d}); null when unset. Outside [min, max] or unreadable is a problem naming the variable.
     */
    Duration duration(String name, Duration min, Duration max) {
        String value = first(name);
        if (value == null) {
            return null;
        }
        Duration parsed = parseDuration(value);
        if (parsed != null && parsed.compareTo(min) >= 0 && parsed.compareTo(max) <= 0) {
            return parsed;
        }
        problem(name + "=" + value + " is not valid: expected a duration such as 30m, 6h, 7d or PT6H, from "
                + min + " to " + max);
        return null;
    }

    private static Duration parseDuration(String value) {
        if (value.length() > 1 && (value.charAt(0) == 'P' || value.charAt(0) == 'p')) {
            try {
                return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        if (value.length() < 2 || value.length() > 12) {
            return null;
        }
        String digits = value.substring(0, value.length() - 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long amount = Long.parseLong(digits);
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> null;
        };
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
