package dev.taskledger.server.config;

import java.util.regex.Pattern;

/** What a tenant name may look like: it is written to logs and databases and compared as text. */
public final class TenantNames {
    /** The tenant of the Task Repository Service's single {@code API_KEY}, and of every request when no key is configured. */
    public static final String DEFAULT = "default";
    public static final int MAX_LENGTH = 100;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0," + (MAX_LENGTH - 1) + "}");

    private TenantNames() {}

    public static boolean isValid(String tenant) {
        return tenant != null && VALID.matcher(tenant).matches();
    }

    public static String rule() {
        return "1 to " + MAX_LENGTH + " characters: letters, digits and . _ : @ -, starting with a letter or digit";
    }
}
