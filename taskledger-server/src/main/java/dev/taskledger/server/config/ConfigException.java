package dev.taskledger.server.config;

import java.util.List;

/**
 * The environment does not describe a server that can start. The message lists every problem found, one per
 * line, in words an operator can act on; {@code Main} prints it without a stack trace and exits with 2.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
