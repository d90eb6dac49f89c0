package dev.taskledger.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything the server reads from its environment, validated once at start-up ({@link #fromEnv}).
 * The variables, their defaults and the earlier designs they come from are listed in the README; invalid values make
 * {@link #fromEnv} throw a {@link ConfigException} naming each one.
 *
 * @param host               listen address; loopback by default (the Task Repository Service used 0.0.0.0: a documented deviation,
 *                           since an open port with no key would expose every tenant's tasks)
 * @param port               listen port; 0 picks a free one
 * @param serviceName        shown in logs and {@code /health}
 * @param tenantKeys         API key → tenant; empty in loopback dev mode
 * @param adminKey           a key that may act for any tenant via {@code X-Tenant}; null when not set
 * @param leaseCheckInterval how often expired leases are rescued
 * @param pollInterval       how often a long-polling claim looks again when no wake-up signal came
 * @param nodeId             this service node's name among those sharing the database (owner of the relay and
 *                           retention leases); {@code TASKLEDGER_NODE_ID}, default host name + process id + random
 * @param outbox             RabbitMQ publishing through the transactional outbox (off unless TASKLEDGER_AMQP_URL is set)
 * @param retention          the clean-up job for finished tasks and old events
 * @param logFormat          {@code text} (default) or {@code json} (one JSON object per line); read by logback.xml
 * @param metrics            what {@code /metrics} reports and who may read it
 * @param allowedHosts       in keyless mode, the names besides loopback and {@code host} that requests may be sent to
 *                           ({@code TASKLEDGER_ALLOWED_HOSTS}); see {@code RequestFilter}
 * @param healthTimeout      how long {@code /health} waits for the database check ({@code TASKLEDGER_HEALTH_TIMEOUT_MS})
 * @param schedulerPoll      how often each node's scheduler looks for due schedules ({@code TASKLEDGER_SCHEDULER_POLL_MS})
 * @param workerKeys         API key → shared worker that claims across tenants ({@code TASKLEDGER_WORKER_KEYS}, {@link WorkerKeys})
 * @param typeTimeouts       type → default execution timeout in seconds ({@code TASKLEDGER_TYPE_TIMEOUTS}, {@link TypeTimeouts})
 */
public record Config(String host, int port, String serviceName, Map<String, String> tenantKeys, String adminKey,
                     Database database, Mongo mongo, Duration leaseCheckInterval, Duration pollInterval, String nodeId,
                     OutboxConfig outbox, RetentionConfig retention, String logFormat, Metrics metrics,
                     List<String> allowedHosts, Duration healthTimeout, Map<String, WorkerKeys.Worker> workerKeys,
                     Map<String, Integer> typeTimeouts, Duration schedulerPoll) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8503;
    public static final String DEFAULT_SERVICE_NAME = "task-repo-service";
    /** A DNS name or IPv4 address, and an IPv6 address (TASKLEDGER_ALLOWED_HOSTS). */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*]?");

    public Config {
        tenantKeys = Map.copyOf(tenantKeys);
        allowedHosts = List.copyOf(allowedHosts);
        workerKeys = Map.copyOf(workerKeys);
        typeTimeouts = Map.copyOf(typeTimeouts);
    }

    /** Reads and validates the whole configuration; throws {@link ConfigException} listing every problem. */
    public static Config fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String host = r.string("HOST", DEFAULT_HOST);
        int port = r.integer("PORT", DEFAULT_PORT, 0, 65_535);
        String serviceName = r.string("SERVICE_NAME", DEFAULT_SERVICE_NAME);
        Map<String, String> keys = ApiKeys.parse(r);
        String adminKey = r.first("TASKLEDGER_ADMIN_KEY");
        if (adminKey != null && keys.containsKey(adminKey)) {
            r.problem("TASKLEDGER_ADMIN_KEY must differ from every tenant key (it is also given to tenant '"
                    + keys.get(adminKey) + "')");
        }
        Database database = Database.fromEnv(r);
        String mongoDatabase = r.first("MONGODB_DATABASE");
        if (mongoDatabase == null && database.backend() == Database.Backend.MONGODB) {
            mongoDatabase = Database.mongoDatabaseOf(database.url()); // the Task Repository Service: the URI's database, if it names one
        }
        Mongo mongo = new Mongo(r.first("MONGODB_URI"), mongoDatabase == null ? "task_repository" : mongoDatabase,
                r.string("MONGODB_TASKS_COLLECTION", "tasks"));
        Duration leaseCheck = Duration.ofMillis(r.integer("TASKLEDGER_LEASE_CHECK_MS", 1_000, 10, 3_600_000));
        Duration poll = Duration.ofMillis(r.integer("TASKLEDGER_POLL_MS", 250, 10, 60_000));
        String nodeId = r.string("TASKLEDGER_NODE_ID", defaultNodeId());
        OutboxConfig outbox = OutboxConfig.fromEnv(r);
        RetentionConfig retention = RetentionConfig.fromEnv(r);
        String logFormat = r.string("TASKLEDGER_LOG_FORMAT", "text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            r.problem("TASKLEDGER_LOG_FORMAT=" + logFormat + " is not valid: use text (the default) or json (lowercase)");
        }
        Metrics metrics = Metrics.fromEnv(r, keys);
        if (metrics.requireAdminKey() && adminKey == null) {
            r.problem("TASKLEDGER_METRICS_REQUIRE_KEY=true needs TASKLEDGER_ADMIN_KEY: /metrics is read with the admin key");
        }
        Map<String, WorkerKeys.Worker> workerKeys = WorkerKeys.fromEnv(r, keys, adminKey);
        Map<String, Integer> typeTimeouts = TypeTimeouts.fromEnv(r);
        if (keys.isEmpty() && adminKey == null) {
            if (!workerKeys.isEmpty()) {
                r.problem("TASKLEDGER_WORKER_KEYS needs TASKLEDGER_API_KEYS, API_KEY or TASKLEDGER_ADMIN_KEY: without them"
                        + " every request acts for any tenant (loopback dev mode), and a worker key would restrict nothing");
            }
            requireLoopback(r, host);
        }
        List<String> allowedHosts = allowedHosts(r);
        Duration healthTimeout = Duration.ofMillis(r.integer("TASKLEDGER_HEALTH_TIMEOUT_MS", 2_000, 100, 60_000));
        Duration schedulerPoll = Duration.ofMillis(r.integer("TASKLEDGER_SCHEDULER_POLL_MS", 1_000, 10, 60_000));
        r.throwIfProblems();
        return new Config(host, port, serviceName, keys, adminKey, database, mongo, leaseCheck, poll, nodeId, outbox,
                retention, logFormat, metrics, allowedHosts, healthTimeout, workerKeys, typeTimeouts, schedulerPoll);
    }

    /** Unique per process, also for several servers in one JVM (tests): host name, process id, random suffix. */
    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** True when requests must carry an API key; false in loopback dev mode (every request is tenant default). */
    public boolean authEnabled() {
        return !tenantKeys.isEmpty() || adminKey != null;
    }

    /** {@code TASKLEDGER_ALLOWED_HOSTS}: host names or IP addresses, comma-separated, without scheme or port. */
    private static List<String> allowedHosts(EnvReader r) {
        List<String> names = new ArrayList<>();
        String list = r.first("TASKLEDGER_ALLOWED_HOSTS");
        if (list == null) {
            return names;
        }
        for (String entry : list.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (HOST_NAME.matcher(name).matches() || IPV6.matcher(name).matches()) {
                names.add(name);
            } else {
                r.problem("TASKLEDGER_ALLOWED_HOSTS: '" + name + "' is not a host name or IP address (give names only,"
                        + " without scheme, port or path, e.g. tasks.internal,10.0.0.5)");
            }
        }
        return names;
    }

    private static void requireLoopback(EnvReader r, String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    r.problem("refusing to start: HOST=" + host + " is not a loopback address and no API key is configured,"
                            + " so anyone who can reach the port could read and change every task. Set TASKLEDGER_API_KEYS"
                            + " (tenant=key,...) or API_KEY, or listen on 127.0.0.1.");
                    return;
                }
            }
        } catch (UnknownHostException e) {
            r.problem("HOST=" + host + " cannot be resolved to an address");
        }
    }

    @Override
    public String toString() { // keys and passwords stay out of logs
        return "Config[host=" + host + ", port=" + port + ", serviceName=" + serviceName + ", tenants="
                + new TreeSet<>(tenantKeys.values()) + ", adminKey=" + (adminKey == null ? "unset" : "***")
                + ", database=" + database + ", mongo=" + mongo + ", leaseCheckInterval=" + leaseCheckInterval
                + ", pollInterval=" + pollInterval + ", nodeId=" + nodeId + ", outbox=" + outbox + ", retention=" + retention
                + ", logFormat=" + logFormat + ", metrics=" + metrics + ", allowedHosts=" + allowedHosts
                + ", healthTimeout=" + healthTimeout + ", workers=" + new TreeSet<>(workerKeys.values().stream().map(WorkerKeys.Worker::name).toList())
                + ", typeTimeouts=" + typeTimeouts + "]";
    }

    /**
     * {@code /metrics}: the tenants whose task counts it reports (every tenant with a key, {@code default}, and those
     * listed in {@code TASKLEDGER_METRICS_TENANTS}, e.g. tenants only the admin key acts for), and whether reading it
     * needs the admin key ({@code TASKLEDGER_METRICS_REQUIRE_KEY=true}; by default it is public like {@code /health}).
     */
    public record Metrics(java.util.SortedSet<String> tenants, boolean requireAdminKey) {
        public Metrics {
            tenants = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
        }

        static Metrics fromEnv(EnvReader r, Map<String, String> keys) {
            TreeSet<String> tenants = new TreeSet<>(keys.values());
            tenants.add(TenantNames.DEFAULT);
            String extra = r.first("TASKLEDGER_METRICS_TENANTS");
            if (extra != null) {
                for (String tenant : extra.split(",")) {
                    if (tenant.isBlank()) {
                        continue;
                    }
                    if (TenantNames.isValid(tenant.trim())) {
                        tenants.add(tenant.trim());
                    } else {
                        r.problem("TASKLEDGER_METRICS_TENANTS: tenant '" + tenant.trim() + "' is not valid: " + TenantNames.rule());
                    }
                }
            }
            String require = r.string("TASKLEDGER_METRICS_REQUIRE_KEY", "false");
            if (!require.equalsIgnoreCase("true") && !require.equalsIgnoreCase("false")) {
                r.problem("TASKLEDGER_METRICS_REQUIRE_KEY=" + require + " is not valid: use true or false");
            }
            return new Metrics(tenants, require.equalsIgnoreCase("true"));
        }
    }

    /** The Task Repository Service's MongoDB settings; used when the database is MongoDB. {@code uri} is null when not set. */
    public record Mongo(String uri, String database, String tasksCollection) {
        @Override
        public String toString() {
            return "Mongo[uri=" + (uri == null ? "unset" : Database.withoutSecrets(uri)) + ", database=" + database
                    + ", tasksCollection=" + tasksCollection + "]";
        }
    }

    /** Parses {@code TASKLEDGER_API_KEYS} ({@code tenant=key,...}) and the Task Repository Service's {@code API_KEY} (tenant default). */
    static final class ApiKeys {
        private ApiKeys() {}

        static Map<String, String> parse(EnvReader r) {
            Map<String, String> keyToTenant = new LinkedHashMap<>();
            String list = r.first("TASKLEDGER_API_KEYS");
            if (list != null) {
                for (String entry : list.split(",")) {
                    if (entry.isBlank()) {
                        continue;
                    }
                    int eq = entry.indexOf('=');
                    String tenant = eq < 0 ? "" : entry.substring(0, eq).trim();
                    String key = eq < 0 ? "" : entry.substring(eq + 1).trim();
                    if (eq < 0 || key.isEmpty()) {
                        r.problem("TASKLEDGER_API_KEYS: each entry must be tenant=key (entries separated by commas)");
                    } else if (!TenantNames.isValid(tenant)) {
                        r.problem("TASKLEDGER_API_KEYS: tenant '" + tenant + "' is not valid: " + TenantNames.rule());
                    } else {
                        add(r, keyToTenant, key, tenant, "TASKLEDGER_API_KEYS");
                    }
                }
            }
            String single = r.first("API_KEY");
            if (single != null) {
                add(r, keyToTenant, single, TenantNames.DEFAULT, "API_KEY");
            }
            return keyToTenant;
        }

        private static void add(EnvReader r, Map<String, String> keyToTenant, String key, String tenant, String source) {
            String previous = keyToTenant.putIfAbsent(key, tenant);
            if (previous != null && !previous.equals(tenant)) {
                r.problem(source + ": one key is given to two tenants ('" + previous + "' and '" + tenant + "')");
            }
        }
    }
}
