package dev.taskledger.server.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void defaults_listenOnLoopbackPort8503_withTheSqliteFileUnderData() {
        Config c = Config.fromEnv(Map.of());

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8503);
        assertThat(c.serviceName()).isEqualTo("task-repo-service");
        assertThat(c.authEnabled()).isFalse();
        assertThat(c.database().backend()).isEqualTo(Database.Backend.SQLITE);
        assertThat(c.database().url()).isEqualTo("jdbc:sqlite:./data/taskledger.db");
        assertThat(c.database().schema()).isEqualTo("taskledger");
        assertThat(c.mongo()).isEqualTo(new Config.Mongo(null, "task_repository", "tasks"));
        assertThat(c.leaseCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void apiKeys_mapEachKeyToItsTenant_andSeed001sApiKeyToTenantDefault() {
        Config c = Config.fromEnv(Map.of("TASKLEDGER_API_KEYS", " acme = k1 ,globex=k2,", "API_KEY", "dev",
                "TASKLEDGER_ADMIN_KEY", "root", "SERVICE_NAME", "queue", "PORT", "0"));

        assertThat(c.tenantKeys()).containsExactlyInAnyOrderEntriesOf(Map.of("k1", "acme", "k2", "globex", "dev", "default"));
        assertThat(c.adminKey()).isEqualTo("root");
        assertThat(c.serviceName()).isEqualTo("queue");
        assertThat(c.port()).isZero();
        assertThat(c.toString()).doesNotContain("k1").doesNotContain("root").contains("acme");
    }

    @Test
    void invalidValues_areAllReportedAtOnce() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "http", "TASKLEDGER_API_KEYS", "acme", "TASKLEDGER_POLL_MS", "0",
                "TASKLEDGER_DB_SCHEMA", "drop table", "TASKLEDGER_DB_URL", "http://db")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5)
                        .anySatisfy(p -> assertThat(p).startsWith("PORT=http is not valid"))
                        .anySatisfy(p -> assertThat(p).contains("tenant=key"))
                        .anySatisfy(p -> assertThat(p).startsWith("TASKLEDGER_POLL_MS=0"))
                        .anySatisfy(p -> assertThat(p).contains("schema 'drop table'"))
                        .anySatisfy(p -> assertThat(p).contains("http://db is not supported")));
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_API_KEYS", "a=same,b=same"))).hasMessageContaining("two tenants");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("API_KEY", "k", "TASKLEDGER_ADMIN_KEY", "k"))).hasMessageContaining("differ");
    }

    @Test
    void typeTimeouts_mapEachTypeToItsSeconds_andBadEntriesAreNamed() {
        Config c = Config.fromEnv(Map.of("TASKLEDGER_TYPE_TIMEOUTS", " render = 600 ,a=b=5,"));
        assertThat(c.typeTimeouts()).containsExactlyInAnyOrderEntriesOf(Map.of("render", 600, "a=b", 5));
        assertThat(Config.fromEnv(Map.of()).typeTimeouts()).isEmpty();

        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_TYPE_TIMEOUTS", "x=0,y=soon,z,x=1,x=2")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4)
                        .anySatisfy(p -> assertThat(p).contains("'x'").contains("'0'"))
                        .anySatisfy(p -> assertThat(p).contains("'y'").contains("'soon'"))
                        .anySatisfy(p -> assertThat(p).contains("type=seconds"))
                        .anySatisfy(p -> assertThat(p).contains("'x' is given twice")));
    }

    @Test
    void workerKeys_serveEveryTenantOrAListedSet_andEveryKeyHasOneRole() {
        Config c = Config.fromEnv(Map.of("API_KEY", "k", "TASKLEDGER_WORKER_KEYS", "gen=w1, mail[acme|globex]=w2"));
        assertThat(c.workerKeys().get("w1")).isEqualTo(new WorkerKeys.Worker("gen", java.util.Set.of()));
        assertThat(c.workerKeys().get("w1").serves("anyone")).isTrue();
        assertThat(c.workerKeys().get("w2").tenants()).containsExactly("acme", "globex");
        assertThat(c.workerKeys().get("w2").serves("initech")).isFalse();
        assertThat(c.toString()).doesNotContain("w1").contains("gen");

        assertThatThrownBy(() -> Config.fromEnv(Map.of("API_KEY", "k", "TASKLEDGER_WORKER_KEYS", "a=k,b[x y]=z,c=,d[q=z2")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4)
                        .anySatisfy(p -> assertThat(p).contains("one role"))
                        .anySatisfy(p -> assertThat(p).contains("'x y'"))
                        .anySatisfy(p -> assertThat(p).contains("name=key"))
                        .anySatisfy(p -> assertThat(p).contains("'d[q'")));
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_WORKER_KEYS", "gen=w1"))).hasMessageContaining("needs TASKLEDGER_API_KEYS");
    }

    @Test
    void aNonLoopbackHostWithoutAnyKey_isRefused_butAllowedWithAKey() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("HOST", "0.0.0.0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("refusing to start").hasMessageContaining("0.0.0.0");

        assertThat(Config.fromEnv(Map.of("HOST", "0.0.0.0", "API_KEY", "k")).host()).isEqualTo("0.0.0.0");
        assertThat(Config.fromEnv(Map.of("HOST", "0.0.0.0", "TASKLEDGER_ADMIN_KEY", "k")).authEnabled()).isTrue();
        assertThat(Config.fromEnv(Map.of("HOST", "localhost")).host()).isEqualTo("localhost");
        assertThat(Config.fromEnv(Map.of("HOST", "::1")).host()).isEqualTo("::1");
    }

    @Test
    void aBarePath_isSqlite_andJdbcUrlsKeepTheirBackend() {
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "/var/lib/tl.db")).database().url()).isEqualTo("jdbc:sqlite:/var/lib/tl.db");
        Database pg = Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:postgresql://db:5432/q", "TASKLEDGER_DB_USER", "u",
                "TASKLEDGER_DB_PASSWORD", "p w", "TASKLEDGER_DB_SCHEMA", "queue")).database();
        assertThat(pg).isEqualTo(new Database(Database.Backend.POSTGRESQL, "jdbc:postgresql://db:5432/q", "u", "p w", "queue", 10,
                Duration.ofSeconds(5)));
        assertThat(pg.toString()).doesNotContain("p w");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://db/q")).database().backend()).isEqualTo(Database.Backend.MYSQL);
    }

    @Test
    void seed002sDbVariables_buildAPostgresUrl_fallingBackToApiPgDb() {
        Database db = Config.fromEnv(Map.of("DB_HOST", "pg.internal", "DB_PORT", "6543", "DB_DATABASE", "kodus",
                "DB_USERNAME", "svc", "DB_PASSWORD", "secret", "DB_SCHEMA", "kodus_workflow")).database();
        assertThat(db).isEqualTo(new Database(Database.Backend.POSTGRESQL, "jdbc:postgresql://pg.internal:6543/kodus", "svc",
                "secret", "kodus_workflow", 10, Duration.ofSeconds(5)));

        Database fallback = Config.fromEnv(Map.of("API_PG_DB_HOST", "shared", "API_PG_DB_NAME", "api", "API_PG_DB_USER", "a",
                "API_PG_DB_PASSWORD", "b", "API_PG_DB_SCHEMA", "s", "DB_NAME", "mine")).database();
        assertThat(fallback).isEqualTo(new Database(Database.Backend.POSTGRESQL, "jdbc:postgresql://shared:5432/mine", "a", "b", "s", 10,
                Duration.ofSeconds(5)));

        assertThat(Config.fromEnv(Map.of("DB_HOST", "x", "TASKLEDGER_DB_URL", "/tmp/a.db")).database().backend())
                .as("TASKLEDGER_DB_URL wins").isEqualTo(Database.Backend.SQLITE);
        assertThatThrownBy(() -> Config.fromEnv(Map.of("DB_HOST", "x", "DB_PORT", "99999"))).hasMessageContaining("DB_PORT=99999");
    }

    @Test
    void seed001sMongoVariables_selectMongoDb() {
        Config c = Config.fromEnv(Map.of("MONGODB_URI", "mongodb://u:pw@mongo:27017/tr", "MONGODB_DATABASE", "tr",
                "MONGODB_TASKS_COLLECTION", "jobs"));

        assertThat(c.database().backend()).isEqualTo(Database.Backend.MONGODB);
        assertThat(c.mongo()).isEqualTo(new Config.Mongo("mongodb://u:pw@mongo:27017/tr", "tr", "jobs"));
        assertThat(c.toString()).doesNotContain(":pw@");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "mongodb+srv://cluster/x")).database().backend())
                .isEqualTo(Database.Backend.MONGODB);
    }

    @Test
    void mongodbPrecedence_dbUrlWins_andTheDatabaseComesFromTheUriUnlessMongodbDatabaseIsSet() {
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:postgresql://db/q", "MONGODB_URI", "mongodb://m/x"))
                .database().backend()).isEqualTo(Database.Backend.POSTGRESQL);
        assertThat(Config.fromEnv(Map.of("DB_HOST", "pg", "MONGODB_URI", "mongodb://m/x")).database().backend())
                .as("seed 002's DB_HOST before seed 001's MONGODB_URI").isEqualTo(Database.Backend.POSTGRESQL);
        Config fromUri = Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "mongodb://u:pw@m1,m2/orders?replicaSet=rs0"));
        assertThat(fromUri.database().url()).isEqualTo("mongodb://u:pw@m1,m2/orders?replicaSet=rs0");
        assertThat(fromUri.mongo().database()).isEqualTo("orders");
        assertThat(Config.fromEnv(Map.of("MONGODB_URI", "mongodb://m:27017")).mongo().database()).isEqualTo("task_repository");
        assertThat(Config.fromEnv(Map.of("MONGODB_URI", "mongodb://m/a", "MONGODB_DATABASE", "b")).mongo().database()).isEqualTo("b");
    }

    @Test
    void outbox_isOffWithoutAnAmqpUrl_andHasTheSeed002Defaults() {
        OutboxConfig off = Config.fromEnv(Map.of()).outbox();
        assertThat(off.enabled()).isFalse();
        assertThat(off.exchange()).isEqualTo("taskledger");
        assertThat(off.pollMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(off.pollMax()).isEqualTo(Duration.ofSeconds(3));
        assertThat(off.keepSent()).isEqualTo(Duration.ofHours(24));

        Config on = Config.fromEnv(Map.of("TASKLEDGER_AMQP_URL", "amqp://guest:secret@rabbit:5672/%2F", "TASKLEDGER_AMQP_EXCHANGE", "events",
                "TASKLEDGER_NODE_ID", "node-1"));
        assertThat(on.outbox().enabled()).isTrue();
        assertThat(on.outbox().exchange()).isEqualTo("events");
        assertThat(on.nodeId()).isEqualTo("node-1");
        assertThat(on.toString()).doesNotContain("secret").contains("amqp://guest:***@rabbit");
        assertThat(Config.fromEnv(Map.of()).nodeId()).isNotEqualTo(Config.fromEnv(Map.of()).nodeId());

        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_AMQP_URL", "rabbit:5672", "TASKLEDGER_AMQP_EXCHANGE", "amq.topic",
                "TASKLEDGER_OUTBOX_POLL_MIN_MS", "500", "TASKLEDGER_OUTBOX_POLL_MAX_MS", "100")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void retention_keepsFinishedTasksAndEventsForeverByDefault() {
        RetentionConfig defaults = Config.fromEnv(Map.of()).retention();
        assertThat(defaults.taskRetention()).isNull();
        assertThat(defaults.eventRetention()).as("the audit trail is deleted only when asked").isNull();
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.archiveDir()).isNull();
        assertThat(defaults.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_EVENT_RETENTION_DAYS", "30")).retention().eventRetention())
                .isEqualTo(Duration.ofDays(30));

        RetentionConfig set = Config.fromEnv(Map.of("TASKLEDGER_RETENTION_DAYS", "14", "TASKLEDGER_EVENT_RETENTION_DAYS", "0",
                "TASKLEDGER_ARCHIVE_DIR", "/var/archive", "TASKLEDGER_RETENTION_INTERVAL_SECONDS", "60")).retention();
        assertThat(set.taskRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(set.eventRetention()).as("0 keeps events forever").isNull();
        assertThat(set.archiveDir()).hasToString("/var/archive");
        assertThat(set.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_RETENTION_DAYS", "0"))).hasMessageContaining("TASKLEDGER_RETENTION_DAYS=0");
    }

    @Test
    void retention_acceptsDurationsShorterThanADay() {
        RetentionConfig hours = Config.fromEnv(Map.of("TASKLEDGER_RETENTION", "6h", "TASKLEDGER_EVENT_RETENTION", "PT90M"))
                .retention();
        assertThat(hours.taskRetention()).isEqualTo(Duration.ofHours(6));
        assertThat(hours.eventRetention()).isEqualTo(Duration.ofMinutes(90));
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_RETENTION", "30m")).retention().taskRetention())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_RETENTION", "7d")).retention().taskRetention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_EVENT_RETENTION", "p2d")).retention().eventRetention())
                .isEqualTo(Duration.ofDays(2));

        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_RETENTION", "6h", "TASKLEDGER_RETENTION_DAYS", "1")))
                .hasMessageContaining("TASKLEDGER_RETENTION and TASKLEDGER_RETENTION_DAYS are both set");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_RETENTION", "30s")))
                .as("shorter than a minute").hasMessageContaining("TASKLEDGER_RETENTION=30s is not valid");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_EVENT_RETENTION", "6 hours")))
                .hasMessageContaining("TASKLEDGER_EVENT_RETENTION=6 hours is not valid");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_RETENTION", "-5m")))
                .hasMessageContaining("TASKLEDGER_RETENTION=-5m is not valid");
    }

    @Test
    void logFormatAndMetrics_areValidated() {
        assertThat(Config.fromEnv(Map.of()).logFormat()).isEqualTo("text");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_LOG_FORMAT", "json")).logFormat()).isEqualTo("json");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_LOG_FORMAT", "JSON"))).hasMessageContaining("lowercase");

        Config.Metrics metrics = Config.fromEnv(Map.of("TASKLEDGER_API_KEYS", "acme=k1", "TASKLEDGER_METRICS_TENANTS", "team-a, team-b"))
                .metrics();
        assertThat(metrics.tenants()).containsExactly("acme", "default", "team-a", "team-b");
        assertThat(metrics.requireAdminKey()).isFalse();
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_METRICS_REQUIRE_KEY", "true")))
                .hasMessageContaining("needs TASKLEDGER_ADMIN_KEY");
    }
    @Test
    void aMariadbUrlNamingADatabase_usesThatDatabase_andASchemaSettingNamingAnotherIsRefused() {
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://host/jobs")).database().schema()).isEqualTo("jobs");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mysql://h:3306/jobs?user=u", "TASKLEDGER_DB_SCHEMA", "jobs"))
                .database().schema()).isEqualTo("jobs");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://h1,h2/")).database().schema()).isEqualTo("taskledger");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://host?user=u", "DB_SCHEMA", "q")).database().schema())
                .isEqualTo("q");
        assertThat(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:postgresql://host/jobs", "TASKLEDGER_DB_SCHEMA", "q"))
                .database().schema()).as("PostgreSQL: a database holds schemas").isEqualTo("q");

        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://host/jobs", "TASKLEDGER_DB_SCHEMA", "other")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names the database 'jobs'")
                .hasMessageContaining("TASKLEDGER_DB_SCHEMA=other");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://host/jobs", "DB_SCHEMA", "other")))
                .hasMessageContaining("DB_SCHEMA=other");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://host/bad-name")))
                .hasMessageContaining("'bad-name' is not valid");
    }

    @Test
    void timeoutsAndAllowedHosts_haveDefaults_andAreValidated() {
        Config defaults = Config.fromEnv(Map.of());
        assertThat(defaults.database().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.allowedHosts()).isEmpty();

        Config set = Config.fromEnv(Map.of("TASKLEDGER_DB_CONNECT_TIMEOUT_MS", "1500", "TASKLEDGER_HEALTH_TIMEOUT_MS", "800",
                "TASKLEDGER_ALLOWED_HOSTS", "tasks.internal, 10.0.0.5,[::1],fe80::1"));
        assertThat(set.database().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(set.healthTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(set.allowedHosts()).containsExactly("tasks.internal", "10.0.0.5", "[::1]", "fe80::1");

        assertThatThrownBy(() -> Config.fromEnv(Map.of("TASKLEDGER_DB_CONNECT_TIMEOUT_MS", "100", "TASKLEDGER_HEALTH_TIMEOUT_MS", "0",
                "TASKLEDGER_ALLOWED_HOSTS", "http://evil.example,tasks:8503,*.example")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5)
                        .anySatisfy(p -> assertThat(p).startsWith("TASKLEDGER_DB_CONNECT_TIMEOUT_MS=100"))
                        .anySatisfy(p -> assertThat(p).startsWith("TASKLEDGER_HEALTH_TIMEOUT_MS=0"))
                        .anySatisfy(p -> assertThat(p).contains("'http://evil.example'"))
                        .anySatisfy(p -> assertThat(p).contains("'tasks:8503'"))
                        .anySatisfy(p -> assertThat(p).contains("'*.example'")));
    }
}
