package dev.taskledger.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an embedded node runs its queue; the same knobs (and defaults) as the server's ({@code docs/operations.md}).
 *
 * @param tenant             the tenant the client acts for ({@code default}, the server's without API keys);
 *                           {@code client.forTenant(t)} acts for another
 * @param leaseCheckInterval how often expired leases and overrun attempts are rescued ({@code TASKLEDGER_LEASE_CHECK_MS})
 * @param pollInterval       how often a long-polling claim looks again without a wake-up ({@code TASKLEDGER_POLL_MS})
 * @param typeTimeouts       per task type, the execution timeout in seconds of tasks created without their own
 *                           ({@code TASKLEDGER_TYPE_TIMEOUTS})
 */
public record EmbeddedSettings(String tenant, Duration leaseCheckInterval, Duration pollInterval, Map<String, Integer> typeTimeouts) {
    public static final String DEFAULT_TENANT = "default";
    public static final EmbeddedSettings DEFAULTS = new EmbeddedSettings(DEFAULT_TENANT, Duration.ofSeconds(1),
            Duration.ofMillis(250), Map.of());

    public EmbeddedSettings {
        Objects.requireNonNull(tenant, "tenant");
        if (tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
        requirePositive(leaseCheckInterval, "leaseCheckInterval");
        requirePositive(pollInterval, "pollInterval");
        typeTimeouts = Map.copyOf(typeTimeouts);
    }

    public EmbeddedSettings withTenant(String value) {
        return new EmbeddedSettings(value, leaseCheckInterval, pollInterval, typeTimeouts);
    }

    public EmbeddedSettings withLeaseCheckInterval(Duration value) {
        return new EmbeddedSettings(tenant, value, pollInterval, typeTimeouts);
    }

    public EmbeddedSettings withPollInterval(Duration value) {
        return new EmbeddedSettings(tenant, leaseCheckInterval, value, typeTimeouts);
    }

    public EmbeddedSettings withTypeTimeouts(Map<String, Integer> value) {
        return new EmbeddedSettings(tenant, leaseCheckInterval, pollInterval, value);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
