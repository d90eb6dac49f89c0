package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The web console at {@code /ui} in a real browser (Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver; no driver is downloaded), against the real server of the subclass's backend. One browser for the
 * class; the tests run in order (sign in first, stop the server last). Screenshots of each page at 1280 and 390 px
 * go to {@code target/console-screenshots/}. Skipped, with the reason printed, without chromium or chromedriver;
 * failed instead under {@code TASKLEDGER_TEST_REQUIRE_SERVICES=true}. One browser at a time ({@code @ResourceLock}):
 * Chromium takes the most CPU of any test, and the other test classes run meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock("taskledger.chromium")
abstract class ConsoleBrowserContract extends ApiTestBase {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String XSS = "<img src=x onerror=alert(1)>";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private WebDriver driver;
    private WebDriverWait wait;
    private Path downloads;
    private Path screenshots;

    /** A short name for the screenshots: sqlite, postgres. */
    protected abstract String backendName();

    @BeforeAll
    void startBrowser() throws IOException {
        requireBrowser();
        downloads = Files.createDirectories(Path.of("target", "console-downloads", backendName()).toAbsolutePath());
        screenshots = Files.createDirectories(Path.of("target", "console-screenshots").toAbsolutePath());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class); // the pages redraw as their data refreshes
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String reason = CHROMIUM + " or " + CHROMEDRIVER + " is missing, so the console's browser tests do not run"
                + " (apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("TASKLEDGER_TEST_REQUIRE_SERVICES"))) {
            fail(reason + "; TASKLEDGER_TEST_REQUIRE_SERVICES=true requires them");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    @Test
    @Order(1)
    void signIn_withAKey_thenTheOverviewCountsFollowTheTasksCreatedThroughTheApi() {
        driver.get(base() + "/ui");
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(labelOf(key)).isEqualTo("API key");
        screenshot("signin");
        key.sendKeys(ACME_KEY, Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Overview"));
        assertThat(driver.manage().getCookies()).as("the key is no cookie").isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('taskledger.key')")).isEqualTo(ACME_KEY);

        String type = newType();
        for (int i = 0; i < 3; i++) {
            create(type, "\"priority\":1");
        }
        By pending = By.xpath("//table[@id='counts']//tr[th/a[text()='" + type + "']]/td[1]");
        wait.until(d -> d.findElements(pending).stream().anyMatch(td -> td.getText().equals("3")));
        create(type, "\"priority\":1");
        wait.until(d -> d.findElement(pending).getText().equals("4"));
        assertThat(driver.findElement(By.id("live")).getText()).startsWith("Live");
        assertThat(driver.findElements(By.cssSelector(".chart canvas"))).as("the uPlot chart is drawn").isNotEmpty();
        assertEveryFieldLabelled();
        screenshot("overview");
    }

    @Test
    @Order(2)
    void theTasksPage_filtersByType_sortsOnTheServer_andLinksToEachTask() {
        String type = newType();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 51; i++) { // one more than a page: the newest is on page 1 only if the server sorts
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"").append(type).append("\",\"priority\":").append(i == 25 ? 7 : 3).append('}');
        }
        JsonNode created = api.post("/api/v1/tasks/batch", batch.append(']').toString()).expect(201).path("tasks");
        String oldest = created.get(0).path("id").asText();
        String newest = created.get(50).path("id").asText();
        go("#/tasks?status=pending&type=" + type);
        By firstPriority = By.cssSelector("#tasks tbody tr td:nth-child(4)");
        By firstId = By.cssSelector("#tasks tbody tr td a");
        By byPriority = By.xpath("//table[@id='tasks']//th/button[text()='priority']");
        By byCreated = By.xpath("//table[@id='tasks']//th/button[text()='created']");
        wait.until(d -> d.findElements(By.cssSelector("#tasks tbody tr")).size() == 50);
        assertThat(driver.findElement(firstPriority).getText()).as("pending tasks come in claim order").isEqualTo("7");
        assertThat(ariaSort("priority")).isEqualTo("descending");
        assertThat(driver.findElements(By.xpath("//table[@id='tasks']//th[normalize-space()='type']/button")))
                .as("only the sorts the server serves from an index are buttons").isEmpty();

        click(byPriority);
        wait.until(d -> d.getCurrentUrl().contains("sort=priority&order=asc"));
        wait.until(d -> d.findElement(firstPriority).getText().equals("3") && "ascending".equals(ariaSort("priority")));
        wait.until(d -> {
            d.findElement(byPriority).sendKeys(Keys.ENTER); // the keyboard sorts too
            return true;
        });
        wait.until(d -> d.findElement(firstPriority).getText().equals("7") && "descending".equals(ariaSort("priority")));

        click(byCreated);
        wait.until(d -> "ascending".equals(ariaSort("created")) && d.findElement(firstId).getText().equals(oldest));
        assertThat(ariaSort("priority")).isEqualTo("none");
        wait.until(d -> {
            d.findElement(byCreated).sendKeys(Keys.ENTER);
            return true;
        });
        wait.until(d -> "descending".equals(ariaSort("created")) && d.findElement(firstId).getText().equals(newest));
        clickButton("Next page");
        wait.until(d -> d.findElement(firstId).getText().equals(oldest)); // page 2 goes on in the same order
        assertEveryFieldLabelled();
        screenshot("tasks");
        clickButton("Previous page");
        wait.until(d -> d.findElement(firstId).getText().equals(newest));
        click(firstId);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Task"));
        wait.until(d -> d.findElement(By.cssSelector("[data-field='type']")).getText().equals(type));
    }

    @Test
    @Order(2)
    void theSearchBox_findsATaskByIdempotencyKey_andOpensOneById() {
        String type = newType();
        String key = "invoice/" + type;
        String keyed = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Idempotency-Key", key).expect(201).path("id").asText();
        api.post("/api/v1/tasks/" + keyed + "/cancel", "").expect(200);
        create(type, "");
        go("#/tasks");
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("search")));
        assertThat(labelOf(search)).isEqualTo("Find a task by id or idempotency key");
        search.sendKeys(key, Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().contains("idempotency_key="));
        wait.until(d -> d.findElements(By.cssSelector("#tasks tbody tr")).size() == 1
                && d.findElement(By.cssSelector("#tasks tbody tr td a")).getText().equals(keyed));
        assertThat(driver.findElement(By.cssSelector("#tasks tbody tr td:nth-child(3)")).getText())
                .as("a key finds its task in any status").isEqualTo("cancelled");
        screenshot("tasks-search");

        WebElement again = driver.findElement(By.name("search"));
        again.clear();
        again.sendKeys(keyed.toUpperCase(java.util.Locale.ROOT), Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Task"));
        wait.until(d -> d.findElement(By.cssSelector("[data-field='status']")).getText().equals("cancelled"));
    }

    @Test
    @Order(3)
    void aFailedTask_isOpened_andRetriedAfterConfirming() {
        String type = newType();
        String id = failedTask(type);
        go("#/task/" + id);
        wait.until(d -> d.findElement(By.cssSelector("[data-field='status']")).getText().equals("failed"));
        assertThat(driver.findElement(By.id("task-error")).getText()).isEqualTo("boom");
        screenshot("task");
        clickButton("Retry");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-yes"))).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-field='status']")).getText().equals("pending"));
        assertThat(api.get("/api/v1/tasks/" + id).expect(200).path("status").asText()).isEqualTo("pending");
        wait.until(d -> d.findElement(By.cssSelector("#events tbody tr td:nth-child(2)")).getText().equals("pending"));
    }

    @Test
    @Order(4)
    void bulkRetry_showsThePreviewCount_thenRetriesThemAll() {
        String type = newType();
        List<String> ids = List.of(failedTask(type), failedTask(type), failedTask(type));
        go("#/bulk");
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-action")))).selectByValue("retry");
        new Select(driver.findElement(By.id("bulk-status"))).selectByValue("failed");
        driver.findElement(By.id("bulk-type")).sendKeys(type);
        driver.findElement(By.id("bulk-preview")).click();
        wait.until(ExpectedConditions.textToBe(By.id("bulk-preview-count"), "3"));
        assertThat(api.get("/api/v1/tasks/" + ids.getFirst()).expect(200).path("status").asText()).as("a preview changes nothing")
                .isEqualTo("failed");
        assertEveryFieldLabelled();
        screenshot("bulk");
        driver.findElement(By.id("bulk-apply")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-yes"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("bulk-applied"), "3"));
        for (String id : ids) {
            assertThat(api.get("/api/v1/tasks/" + id).expect(200).path("status").asText()).isEqualTo("pending");
        }
    }

    @Test
    @Order(5)
    void reconcile_anUploadedList_showsTheMissingAndNotOkItems_andTheExportDownloads() throws IOException {
        String name = "job-" + newType();
        api.post("/api/v1/ledger", "{\"task_name\":\"" + name + "\",\"task_item\":\"a/1\",\"status\":\"ok\"}").expect(201);
        api.post("/api/v1/ledger", "{\"task_name\":\"" + name + "\",\"task_item\":\"b/2\",\"status\":\"fail\",\"note\":\"disk full\"}").expect(201);
        Path list = Files.createTempFile("expected-", ".csv");
        Files.writeString(list, "item,comment\na/1,x\nb/2,y\nc/3,z\n");

        go("#/ledger?task_name=" + name);
        wait.until(d -> d.findElements(By.cssSelector("#ledger-entries tbody tr")).size() == 2);
        driver.findElement(By.id("reconcile-file")).sendKeys(list.toString());
        driver.findElement(By.id("reconcile-run")).click();
        wait.until(ExpectedConditions.textToBe(By.id("missing-count"), "1"));
        assertThat(driver.findElement(By.id("not-ok-count")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#missing li")).getText()).isEqualTo("c/3");
        assertThat(driver.findElement(By.cssSelector("#not-ok li")).getText()).contains("b/2").contains("disk full");
        assertEveryFieldLabelled();
        screenshot("ledger");

        Path csv = downloads.resolve(name + ".csv");
        Files.deleteIfExists(csv);
        driver.findElement(By.id("export-csv")).click();
        wait.until(d -> Files.exists(csv) && size(csv) > 0);
        String exported = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(exported).contains("a/1").contains("b/2").contains("disk full");
        Files.delete(list);
    }

    @Test
    @Order(6)
    void valuesFromTheDatabase_renderAsText_neverAsMarkup() {
        String id = api.post("/api/v1/tasks", "{\"type\":\"" + jsonEscaped(XSS) + "\",\"payload\":{\"p\":\"" + jsonEscaped(XSS)
                + "\"},\"metadata\":{\"note\":\"" + jsonEscaped(XSS) + "\"},\"tags\":{\"t\":\"" + jsonEscaped(XSS) + "\"},\"max_attempts\":1}")
                .expect(201).path("id").asText();
        JsonNode claimed = api.post("/api/v1/tasks/claim", "{\"types\":[\"" + jsonEscaped(XSS) + "\"],\"worker\":\"" + jsonEscaped(XSS) + "\"}")
                .expect(200).path("tasks").get(0);
        api.post("/api/v1/tasks/" + id + "/fail", "{\"error\":\"" + jsonEscaped(XSS) + "\",\"retryable\":false,\"lease_token\":\""
                + claimed.path("lease_token").asText() + "\"}").expect(200);
        String ledgerName = "xss-" + newType();
        api.post("/api/v1/ledger", "{\"task_name\":\"" + ledgerName + "\",\"task_item\":\"" + jsonEscaped(XSS)
                + "\",\"status\":\"fail\",\"note\":\"" + jsonEscaped(XSS) + "\"}").expect(201);

        go("#/task/" + id);
        wait.until(d -> d.findElement(By.cssSelector("[data-field='status']")).getText().equals("failed"));
        assertThat(driver.findElement(By.cssSelector("[data-field='type']")).getText()).isEqualTo(XSS);
        assertThat(driver.findElement(By.id("task-error")).getText()).isEqualTo(XSS);
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("\"p\": \"" + XSS + "\"").contains("\"note\": \"" + XSS + "\"");
        assertNoInjectedMarkup();

        go("#/tasks?status=failed&type=" + java.net.URLEncoder.encode(XSS, StandardCharsets.UTF_8));
        wait.until(d -> !d.findElements(By.cssSelector("#tasks tbody tr")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#tasks tbody tr td:nth-child(2)")).getText()).isEqualTo(XSS);
        assertNoInjectedMarkup();
        go("#/overview");
        wait.until(d -> d.findElements(By.xpath("//table[@id='counts']//th/a")).stream().anyMatch(a -> a.getText().equals(XSS)));
        assertNoInjectedMarkup();
        go("#/ledger?task_name=" + java.net.URLEncoder.encode(ledgerName, StandardCharsets.UTF_8));
        wait.until(d -> !d.findElements(By.cssSelector("#ledger-entries tbody tr")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#ledger-entries tbody tr td")).getText()).isEqualTo(XSS);
        assertNoInjectedMarkup();
    }

    @Test
    @Order(7)
    void theKeyboardReachesTheNavigation_fromTheTopOfThePage() {
        go("#/overview");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Overview"));
        driver.navigate().refresh(); // focus starts at the top of the document
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Overview"));
        Actions keyboard = new Actions(driver);
        keyboard.sendKeys(Keys.TAB).perform();
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        keyboard.sendKeys(Keys.TAB, Keys.TAB, Keys.TAB).perform(); // the brand, Overview, Tasks
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Tasks");
        keyboard.sendKeys(Keys.ENTER).perform();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Tasks"));
    }

    @Test
    @Order(8)
    void theSchedulesPage_listsAndShowsNextFireTimes_andPausesAndResumesAfterConfirming() {
        String name = "nightly-" + newType();
        String id = api.post("/api/v1/schedules", "{\"name\":\"" + name + "\",\"cron\":\"30 3 * * *\",\"time_zone\":\"Europe/Berlin\","
                + "\"task\":{\"type\":\"" + jsonEscaped(XSS) + "\"}}").expect(201).path("id").asText();
        go("#/schedules?id=" + id);
        By row = By.cssSelector("#schedules tr[data-id='" + id + "']");
        wait.until(d -> d.findElement(row).findElement(By.tagName("th")).getText().equals(name));
        assertThat(driver.findElement(row).findElement(By.cssSelector("td:nth-of-type(1)")).getText()).as("the task type is text").isEqualTo(XSS);
        assertThat(driver.findElement(row).getText()).contains("30 3 * * *").contains("Europe/Berlin");
        wait.until(d -> d.findElements(By.cssSelector("#next-fire-times li")).size() == 5);
        List<String> expected = texts(api.get("/api/v1/schedules/" + id + "/next?count=5").expect(200).path("fire_times"));
        assertThat(driver.findElements(By.cssSelector("#next-fire-times li .utc")).stream().map(WebElement::getText).toList())
                .isEqualTo(expected.stream().map(t -> t.replaceAll("\\.\\d+Z$|Z$", "Z").replace('T', ' ')).toList());
        assertThat(driver.findElement(By.cssSelector("#next-fire-times li")).getText()).endsWith(" 03:30:00 Europe/Berlin)");
        assertNoInjectedMarkup();
        assertEveryFieldLabelled();
        screenshot("schedules");

        By paused = By.cssSelector("#schedules tr[data-id='" + id + "'] td[data-field='paused']");
        click(By.cssSelector("#schedules tr[data-id='" + id + "'] button.pause"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-yes"))).click();
        wait.until(d -> d.findElement(paused).getText().equals("paused"));
        assertThat(api.get("/api/v1/schedules/" + id).expect(200).path("paused").asBoolean()).isTrue();
        click(By.cssSelector("#schedules tr[data-id='" + id + "'] button.pause"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-yes"))).click();
        wait.until(d -> d.findElement(paused).getText().equals("no"));
        assertThat(api.get("/api/v1/schedules/" + id).expect(200).path("paused").asBoolean()).isFalse();
        api.delete("/api/v1/schedules/" + id).expect(204);
    }

    @Test
    @Order(9)
    void theLimitsPage_showsUsageAgainstEachLimit() {
        String type = newType();
        api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"max_running\":2,\"rate\":{\"count\":10,\"period_seconds\":3600}}").expect(200);
        api.put("/api/v1/limits", "{\"concurrency_key\":\"" + jsonEscaped(XSS) + "\",\"max_running\":5}").expect(200);
        create(type, "\"priority\":1");
        claimOne(type, "w1");
        go("#/limits");
        By row = By.xpath("//table[@id='limits']//tr[td[1][text()='" + type + "']]");
        wait.until(d -> d.findElement(row).findElement(By.cssSelector("td[data-field='running'] .used")).getText().equals("1 / 2"));
        assertThat(driver.findElement(row).findElement(By.cssSelector("td[data-field='started'] .used")).getText()).isEqualTo("1 / 10");
        assertThat(driver.findElement(row).getText()).contains("10 per 3600 s");
        assertThat(driver.findElements(By.cssSelector("#limits td:nth-child(2)")).stream().map(WebElement::getText).toList())
                .as("the key is text").contains(XSS);
        assertNoInjectedMarkup();
        screenshot("limits");
        api.delete("/api/v1/limits?type=" + type).expect(204);
        api.delete("/api/v1/limits?concurrency_key=" + java.net.URLEncoder.encode(XSS, StandardCharsets.UTF_8)).expect(204);
    }

    @Test
    @Order(10)
    void waitingTasks_areCountedOnTheOverview_andListedByTheTasksFilter() {
        String type = newType();
        String parent = create(type, "").path("id").asText();
        String child = create(type, "\"depends_on\":[\"" + parent + "\"]").path("id").asText();
        go("#/overview");
        wait.until(d -> d.findElement(By.xpath("//table[@id='counts']//tr[th/a[text()='" + type + "']]/td[6]")).getText().equals("1"));
        wait.until(d -> d.findElements(By.cssSelector("#counts thead th")).stream().map(WebElement::getText).toList()
                .contains("waiting")); // in a wait: the overview redraws its table as it refreshes
        go("#/tasks?status=waiting&type=" + type);
        wait.until(d -> d.findElements(By.cssSelector("#tasks tbody tr")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#tasks tbody tr td a")).getText()).isEqualTo(child);
        assertThat(driver.findElement(By.cssSelector("#tasks tbody tr .badge")).getText()).isEqualTo("waiting");
        assertThat(new Select(driver.findElement(By.name("status"))).getFirstSelectedOption().getText()).isEqualTo("waiting");
    }

    @Test
    @Order(99)
    void whenTheServerStops_theConsoleSaysItsDataIsStale() {
        go("#/overview");
        wait.until(d -> d.findElement(By.id("live")).getText().startsWith("Live"));
        app.close();
        app = null; // closed here; the class's cleanup drops only the database
        wait.until(d -> d.findElement(By.id("live")).getAttribute("class").equals("stale"));
        assertThat(driver.findElement(By.id("live")).getText()).startsWith("Stale: server unreachable");
        screenshot("stale");
    }

    // ---- helpers ----

    private String base() {
        return "http://127.0.0.1:" + app.port();
    }

    private void go(String hash) {
        String url = base() + "/ui" + hash;
        driver.get(url);
        wait.until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty());
    }

    private void clickButton(String text) {
        click(By.xpath("//main//button[text()='" + text + "']"));
    }

    /** Clicks what {@code locator} finds, again if the page redrew it meanwhile. */
    private void click(By locator) {
        wait.until(d -> {
            d.findElement(locator).click();
            return true;
        });
    }

    /** The aria-sort of the tasks table's column headed {@code label}. */
    private String ariaSort(String label) {
        return driver.findElement(By.xpath("//table[@id='tasks']//th[button[text()='" + label + "']]")).getAttribute("aria-sort");
    }

    private String labelOf(WebElement control) {
        return driver.findElement(By.cssSelector("label[for='" + control.getAttribute("id") + "']")).getText();
    }

    /** Every input, select and textarea of the page has a label. */
    private void assertEveryFieldLabelled() {
        Object unlabelled = ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('input, select, textarea')].filter(e => e.type !== 'hidden' && e.labels.length === 0)"
                        + ".map(e => e.name || e.id || e.outerHTML);");
        assertThat((List<?>) unlabelled).as("unlabelled form fields").isEmpty();
    }

    private void assertNoInjectedMarkup() {
        assertThat(driver.findElements(By.cssSelector("main img, header img"))).as("no <img> from the database").isEmpty();
        try {
            driver.switchTo().alert();
            fail("an alert opened: the database's markup ran");
        } catch (NoAlertPresentException expected) {
            // the payload stayed text
        }
    }

    /** Both widths, named after the page and the backend. */
    private void screenshot(String page) {
        for (int width : new int[] {1280, 390}) {
            driver.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            try {
                Thread.sleep(150); // let the layout settle at the new width (no event says it has)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            try {
                Files.copy(shot.toPath(), screenshots.resolve(backendName() + "-" + page + "-" + width + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String jsonEscaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A task of {@code type} that failed for good (claimed, then failed as not retryable). */
    private String failedTask(String type) {
        String id = create(type, "\"max_attempts\":1").path("id").asText();
        JsonNode claimed = claimOne(type, "w1");
        api.post("/api/v1/tasks/" + id + "/fail", "{\"error\":\"boom\",\"retryable\":false,\"lease_token\":\""
                + claimed.path("lease_token").asText() + "\"}").expect(200);
        return id;
    }
}
