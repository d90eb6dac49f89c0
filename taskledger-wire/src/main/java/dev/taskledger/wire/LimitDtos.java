package dev.taskledger.wire;

import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.queue.ClaimLimits;
import dev.taskledger.queue.Limit;
import dev.taskledger.queue.LimitService;

/** Concurrency and rate limits between the wire (protocol) and core. */
public final class LimitDtos {
    private LimitDtos() {}

    /** A {@code PUT /api/v1/limits} body as the service's spec; a rate's missing count or period is 0 (refused there). */
    public static LimitService.Spec spec(LimitRequest body) {
        Limit.Rate rate = body.rate() == null ? null : new Limit.Rate(
                body.rate().count() == null ? 0 : body.rate().count(),
                body.rate().periodSeconds() == null ? 0 : body.rate().periodSeconds());
        return new LimitService.Spec(body.type(), body.concurrencyKey(), body.maxRunning(), rate);
    }

    public static LimitDto dto(ClaimLimits.Use use) {
        Limit l = use.limit();
        LimitRequest.Rate rate = l.rate() == null ? null : new LimitRequest.Rate(l.rate().count(), l.rate().periodSeconds());
        return new LimitDto(l.type(), l.concurrencyKey(), l.maxRunning(), rate, use.running(),
                l.rate() == null ? null : use.startedInPeriod(), use.rateLimitedUntil(), l.updatedAt());
    }
}
