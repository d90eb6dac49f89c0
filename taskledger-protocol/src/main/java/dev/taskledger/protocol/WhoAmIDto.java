package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code GET /api/v1/whoami}: the tenant the request acts for, whether it used the admin key (which may
 * act for another tenant with {@code X-Tenant}), and whether this server requires API keys at all.
 */
public record WhoAmIDto(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("admin") boolean admin,
        @JsonProperty("keys_required") boolean keysRequired) {
}
