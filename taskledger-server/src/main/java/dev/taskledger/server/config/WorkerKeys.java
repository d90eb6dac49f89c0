package dev.taskledger.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code TASKLEDGER_WORKER_KEYS}: keys of the worker role, shared workers that claim across tenants (the Task
 * Repository Service's one worker service for every tenant) and then heartbeat, complete, fail and release what they
 * claimed, and nothing else: they cannot create, read, list, edit, cancel or delete any task, nor use the ledger.
 * Entries are {@code name=key} (every tenant) or {@code name[tenant1|tenant2]=key} (those tenants only), separated
 * by commas; {@code name} is a label for logs and follows the tenant name rule.
 */
public final class WorkerKeys {
    private WorkerKeys() {}

    /** One worker key: its name, and the tenants it serves (empty: every tenant). */
    public record Worker(String name, Set<String> tenants) {
        public Worker {
            tenants = Collections.unmodifiableSet(new TreeSet<>(tenants));
        }

        /** True when this worker serves every tenant rather than a listed set. */
        public boolean allTenants() {
            return tenants.isEmpty();
        }

        public boolean serves(String tenant) {
            return tenants.isEmpty() || tenants.contains(tenant);
        }
    }

    /** key → worker, checked against the tenant keys ({@code tenantKeys}) and the admin key: every key has one role. */
    static Map<String, Worker> fromEnv(EnvReader r, Map<String, String> tenantKeys, String adminKey) {
        Map<String, Worker> byKey = new LinkedHashMap<>();
        String list = r.first("TASKLEDGER_WORKER_KEYS");
        if (list == null) {
            return byKey;
        }
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String label = eq < 0 ? "" : entry.substring(0, eq).trim();
            String key = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (eq < 0 || key.isEmpty()) {
                r.problem("TASKLEDGER_WORKER_KEYS: each entry must be name=key or name[tenant1|tenant2]=key (entries separated by commas)");
                continue;
            }
            String name = label;
            Set<String> tenants = new TreeSet<>();
            int open = label.indexOf('[');
            if (open >= 0) {
                if (!label.endsWith("]")) {
                    r.problem("TASKLEDGER_WORKER_KEYS: '" + label + "' must be name[tenant1|tenant2]");
                    continue;
                }
                name = label.substring(0, open).trim();
                for (String tenant : label.substring(open + 1, label.length() - 1).split("\\|")) {
                    if (!TenantNames.isValid(tenant.trim())) {
                        r.problem("TASKLEDGER_WORKER_KEYS: tenant '" + tenant.trim() + "' of worker '" + name
                                + "' is not valid: " + TenantNames.rule());
                    }
                    tenants.add(tenant.trim());
                }
            }
            if (!TenantNames.isValid(name)) {
                r.problem("TASKLEDGER_WORKER_KEYS: worker name '" + name + "' is not valid: " + TenantNames.rule());
            } else if (tenantKeys.containsKey(key) || key.equals(adminKey)) {
                r.problem("TASKLEDGER_WORKER_KEYS: the key of worker '" + name + "' is also a tenant or admin key; every key has one role");
            } else if (byKey.putIfAbsent(key, new Worker(name, tenants)) != null) {
                r.problem("TASKLEDGER_WORKER_KEYS: one key is given to two workers");
            }
        }
        return byKey;
    }
}
