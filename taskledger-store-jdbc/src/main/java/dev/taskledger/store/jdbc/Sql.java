package dev.taskledger.store.jdbc;

import java.util.function.Predicate;

/**
 * A statement of one SQL file ({@code /sql/<dialect>/<file>.sql}); one enum per file implements it. Which dialects
 * have a statement follows from their capabilities: {@link SqlFile#load} refuses a file that lacks a statement its
 * dialect needs, or has one that its dialect would never run (a misspelt name), so such a file stops the store from
 * opening instead of turning into a fallback path at run time.
 */
interface Sql {
    /** The name and the dialects of one statement. */
    record Statement(String name, Predicate<Dialect> isIn) {}

    Statement statement();

    /** A statement every dialect has. */
    static Statement always(String name) {
        return new Statement(name, d -> true);
    }

    /** A statement the dialects with {@code capability} have (and the others have not). */
    static Statement when(String name, Predicate<Dialect> capability) {
        return new Statement(name, capability);
    }

    /** A statement the dialects without {@code capability} have, in its place. */
    static Statement unless(String name, Predicate<Dialect> capability) {
        return new Statement(name, capability.negate());
    }
}
