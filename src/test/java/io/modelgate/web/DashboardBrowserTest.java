package io.modelgate.web;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.evaluation.RunRequest;
import io.modelgate.evaluation.RunExecutor;
import io.modelgate.evaluation.RunPlanner;
import io.modelgate.evaluation.RunReports;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard in a real headless Chromium (Debian's chromium and chromedriver, which .ci/run installs). */
@QuarkusTest
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "DashboardBrowserTest"))
@WithTestResource(FakeLlmResource.class)
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL dashboard;

    @Inject
    RunPlanner planner;

    @Inject
    RunExecutor executor;

    @Inject
    RunReports reports;

    private WebDriver browser;

    @BeforeEach
    void runsAndBrowser() {
        TestSupport.awaitReady();
        FakeLlmResource.server().reset();
        FakeLlmResource.server().setDefault(Reply.answer("Adelie").withUsage(70, 2));
        for (String system : List.of("penguins-mlp", "penguins-zero-shot@default")) {
            executor.run(planner.plan(new RunRequest("penguins", null, system, "dashboard test", true)), progress -> { });
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        // Without the networking flags, Chromium keeps calling hosts this machine cannot reach.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,1400");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pageLoadsChartsRenderAndARunStartsWithLiveProgress() {
        browser.get(dashboard + "?task=penguins");
        assertEquals("modelgate · penguins", browser.getTitle());

        // This class has a results folder of its own (TestFolders.RESULTS_FOR): exactly the two runs above.
        List<WebElement> leaderboard = browser.findElements(By.cssSelector("#leaderboard tbody tr"));
        assertEquals(2, leaderboard.size(), "one row per system");
        assertTrue(leaderboard.get(0).getText().contains("penguins-mlp"), "the model leads: " + leaderboard.get(0).getText());
        assertTrue(leaderboard.get(1).getText().contains("penguins-zero-shot@default"), leaderboard.get(1).getText());

        assertEquals(2, browser.findElements(By.cssSelector("#scatter-chart circle")).size(), "one point per system");
        List<WebElement> cells = browser.findElements(By.cssSelector("#confusion-chart rect"));
        assertEquals(3 * 4, cells.size());
        assertTrue(cells.get(0).getSize().getWidth() > 20, "the heat map cells are drawn");
        assertTrue(browser.findElements(By.cssSelector("#disagreements tbody tr")).size() > 0,
                "the two best systems disagree somewhere");

        assertEquals(2, reports.rows().size(), "the ledger holds this class's runs only");
        new Select(browser.findElement(By.id("system"))).selectByValue("penguins-mlp");
        browser.findElement(By.id("start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> reports.rows().size() == 3);
        // On "complete" the page reloads, showing the new run; the progress line is then empty again.
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                    driver.findElements(By.cssSelector("#leaderboard tbody tr")).size() == 2
                            && driver.findElement(By.id("progress-text")).getText().isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page did not reload after the run: progress says '"
                    + browser.findElement(By.id("progress-text")).getText() + "', leaderboard has "
                    + browser.findElements(By.cssSelector("#leaderboard tbody tr")).size() + " rows, expected 2", e);
        }

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), errors, "no errors in the browser console");
    }
}
