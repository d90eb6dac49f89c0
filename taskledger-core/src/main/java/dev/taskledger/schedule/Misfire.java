package dev.taskledger.schedule;

import dev.taskledger.common.ServiceException;

import java.util.Locale;

/**
 * What happens to fire times missed while no node could fire them (older than {@link ScheduleLimits#MISFIRE_GRACE}):
 * {@link #SKIP} drops them (the next fire time fires as usual), {@link #FIRE_ONCE} fires one catch-up task (for the
 * latest missed time), {@link #FIRE_ALL} fires each, at most {@link ScheduleLimits#FIRE_ALL_CAP} (the latest).
 */
public enum Misfire {
    SKIP, FIRE_ONCE, FIRE_ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of a wire name (null: {@link #SKIP}); 422 naming {@code misfire} otherwise. */
    public static Misfire parse(String text) {
        if (text == null) {
            return SKIP;
        }
        for (Misfire m : values()) {
            if (m.wireName().equals(text)) {
                return m;
            }
        }
        throw ServiceException.invalid("misfire must be one of skip, fire_once, fire_all; got '" + text + "'");
    }
}
