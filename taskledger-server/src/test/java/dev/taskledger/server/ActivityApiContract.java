package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator looks at (the console's overview and task pages): throughput per minute, active workers, oldest ready
 * task per type, all of a task's events page by page, whoami, and the console's files; on every backend.
 */
abstract class ActivityApiContract extends ApiTestBase {

    @Test
    void throughput_countsTheTasksCompletedAndFailedInTheCurrentMinute_ofTheCallersTenantOnly() {
        JsonNode before = lastMinute(api);
        String type = newType();
        create(type, "\"max_attempts\":1");
        create(type, "\"max_attempts\":1");
        JsonNode a = claimOne(type, "w-throughput");
        api.post("/api/v1/tasks/" + a.path("id").asText() + "/complete", "{\"result\":{}}").expect(200);
        JsonNode b = claimOne(type, "w-throughput");
        api.post("/api/v1/tasks/" + b.path("id").asText() + "/fail", "{\"error\":\"x\",\"retryable\":false}").expect(200);

        JsonNode minutes = api.get("/api/v1/stats/throughput").expect(200).path("minutes");
        assertThat(minutes.size()).isEqualTo(60);
        JsonNode last = minutes.get(59);
        // the minute may have turned between the two reads: then the new one holds both
        long completedBefore = last.path("minute").equals(before.path("minute")) ? before.path("completed").asLong() : 0;
        long failedBefore = last.path("minute").equals(before.path("minute")) ? before.path("failed").asLong() : 0;
        assertThat(last.path("completed").asLong() - completedBefore).isEqualTo(1);
        assertThat(last.path("failed").asLong() - failedBefore).isEqualTo(1);
        assertThat(minutes.get(0).path("minute").asText()).endsWith(":00Z");
        assertThat(lastMinute(anonymous.withKey(GLOBEX_KEY)).path("completed").asLong()).isZero();
    }

    @Test
    void workers_listTheLeaseOwnersSeenInTheLastMinute_withTheTasksTheyHold() {
        String type = newType();
        String worker = "w-" + type;
        create(type, "\"priority\":1");
        create(type, "\"priority\":1");
        create(type, "\"priority\":1");
        claimOne(type, worker);
        claimOne(type, worker);
        JsonNode done = claimOne(type, worker);
        api.post("/api/v1/tasks/" + done.path("id").asText() + "/complete", "{\"result\":{}}").expect(200);

        JsonNode mine = null;
        for (JsonNode w : api.get("/api/v1/workers").expect(200).path("workers")) {
            if (w.path("worker").asText().equals(worker)) {
                mine = w;
            }
        }
        assertThat(mine).as("worker %s is listed", worker).isNotNull();
        assertThat(mine.path("in_flight").asLong()).isEqualTo(2);
        assertThat(mine.path("last_seen_at").asText()).isNotEmpty();
        for (JsonNode w : anonymous.withKey(GLOBEX_KEY).get("/api/v1/workers").expect(200).path("workers")) {
            assertThat(w.path("worker").asText()).isNotEqualTo(worker);
        }
    }

    @Test
    void stats_giveTheOldestReadyTaskPerType() {
        String type = newType();
        create(type, "\"priority\":1");
        JsonNode stats = api.get("/api/v1/stats").expect(200);
        JsonNode mine = null;
        for (JsonNode o : stats.path("oldest_ready_by_type")) {
            if (o.path("type").asText().equals(type)) {
                mine = o;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("age_seconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(mine.path("run_at").asText()).isNotEmpty();
    }

    @Test
    void events_comePageByPage_newestFirst_untilEveryOneWasShown() {
        String type = newType();
        JsonNode task = create(type, "\"priority\":1");
        String path = taskPath(task);
        for (int i = 0; i < 6; i++) {
            api.patch(path, "{\"progress\":" + i + "}").expect(200);
        }
        List<String> all = new ArrayList<>();
        for (JsonNode e : api.get(path + "/events").expect(200).path("events")) {
            all.add(e.path("id").asText());
        }
        assertThat(all).hasSize(7);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(path + "/events?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200);
            page.path("events").forEach(e -> paged.add(e.path("id").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(all);
        api.get(path + "/events?cursor=nonsense").expectProblem(400);
        api.get(path + "/events?limit=0").expectProblem(422);
    }

    @Test
    void listing_createdAfter_listsExactlyTheTasksCreatedLater_inIdOrder() {
        String type = newType();
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(create(type, "\"priority\":1"));
        }
        String first = created.getFirst().path("created_at").asText();
        List<String> after = ids(api.get("/api/v1/tasks?status=all&type=" + type + "&created_after=" + first).expect(200));
        assertThat(after).doesNotContain(created.getFirst().path("id").asText())
                .containsAll(created.subList(1, 4).stream().filter(t -> !t.path("created_at").asText().equals(first))
                        .map(t -> t.path("id").asText()).toList());
        assertThat(ids(api.get("/api/v1/tasks?status=all&type=" + type + "&created_after=2000-01-01T00:00:00Z").expect(200)))
                .containsExactlyElementsOf(created.stream().map(t -> t.path("id").asText()).toList());
        assertThat(ids(api.get("/api/v1/tasks?status=all&type=" + type + "&created_after=1960-01-01T00:00:00Z").expect(200)))
                .hasSize(4);
        JsonNode preview = api.post("/api/v1/tasks/bulk/cancel", "{\"filter\":{\"status\":\"pending\",\"type\":\"" + type
                + "\",\"created_after\":\"2000-01-01T00:00:00Z\"},\"dry_run\":true}").expect(200);
        assertThat(preview.path("matched").asLong()).isEqualTo(4);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("tasks").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    @Test
    void whoami_tellsTheTenantAndWhetherTheKeyIsTheAdminKey() {
        JsonNode acme = api.get("/api/v1/whoami").expect(200);
        assertThat(acme.path("tenant").asText()).isEqualTo("acme");
        assertThat(acme.path("admin").asBoolean()).isFalse();
        assertThat(acme.path("keys_required").asBoolean()).isTrue();
        JsonNode admin = anonymous.withKey(ADMIN_KEY).get("/api/v1/whoami", "X-Tenant", "globex").expect(200);
        assertThat(admin.path("tenant").asText()).isEqualTo("globex");
        assertThat(admin.path("admin").asBoolean()).isTrue();
        anonymous.get("/api/v1/whoami").expectProblem(401);
    }

    @Test
    void theConsole_isServedWithoutAKey_underAStrictContentSecurityPolicy() {
        Reply page = anonymous.get("/ui");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("style-src 'self'")
                .contains("default-src 'none'").doesNotContain("unsafe-inline");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
        Reply script = anonymous.get("/ui/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.body()).doesNotContain("innerHTML");
        assertThat(anonymous.get("/ui/uPlot.iife.min.js").status()).isEqualTo(200);
        anonymous.get("/ui/secret.txt").expectProblem(404);
        anonymous.get("/ui/..%2Fopenapi.yaml").expectProblem(404);
    }

    private static JsonNode lastMinute(Api caller) {
        JsonNode minutes = caller.get("/api/v1/stats/throughput").expect(200).path("minutes");
        return minutes.get(minutes.size() - 1);
    }
}
