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

    /** A trained model, a prompt that answers in text (no probabilities) and one that answers with log-probabilities. */
    private static final List<String> SYSTEMS = List.of("penguins-mlp", "penguins-zero-shot@default", "penguins-logprobs@default");

    @BeforeEach
    void runsAndBrowser() {
        TestSupport.awaitReady();
        FakeLlmResource.server().reset();
        // Text answers say Adelie; a logprobs prompt reads Adelie .6, Gentoo .3, Chinstrap .1 from the first token.
        FakeLlmResource.server().setDefault(Reply.answer("Adelie").withUsage(70, 2)
                .withTopLogprobs(java.util.Map.of("Adelie", Math.log(0.6), "Gentoo", Math.log(0.3), "Chinstrap", Math.log(0.1))));
        for (String system : SYSTEMS) {
            executor.run(planner.plan(new RunRequest("penguins", null, system, "dashboard test, stand-in LLM", true)), progress -> { });
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        // Without the networking flags, Chromium keeps calling hosts this machine cannot reach.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,2200");
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

    /** The page as the browser drew it, for a person to look at: target/dashboard-browser-test.png. */
    private void screenshot() {
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            java.nio.file.Files.write(java.nio.file.Path.of("target", "dashboard-browser-test.png"), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pageLoadsChartsRenderAndARunStartsWithLiveProgress() {
        browser.get(dashboard + "?task=penguins");
        assertEquals("modelgate · penguins", browser.getTitle());

        // This class has a results folder of its own (TestFolders.RESULTS_FOR): the three systems run above.
        List<WebElement> leaderboard = browser.findElements(By.cssSelector("#leaderboard tbody tr"));
        assertEquals(3, leaderboard.size(), "one row per system");
        assertTrue(leaderboard.get(0).getText().contains("penguins-mlp"), "the model leads: " + leaderboard.get(0).getText());

        assertEquals(3, browser.findElements(By.cssSelector("#scatter-chart circle")).size(), "one point per system");
        List<WebElement> cells = browser.findElements(By.cssSelector("#confusion-chart rect"));
        assertEquals(3 * 4, cells.size());
        assertTrue(cells.get(0).getSize().getWidth() > 20, "the heat map cells are drawn");
        assertTrue(browser.findElements(By.cssSelector("#disagreements tbody tr")).size() > 0,
                "the two best systems disagree somewhere");

        // The verdict comes first: the model against each prompt, the model better, the LLM labelled a stand-in.
        List<WebElement> verdicts = browser.findElements(By.cssSelector("#verdict .verdict"));
        assertEquals(2, verdicts.size(), "one verdict per model/prompt pair");
        for (WebElement verdict : verdicts) {
            String text = verdict.getText();
            assertTrue(text.startsWith("penguins-mlp (model) is better than penguins-"), text);
            assertTrue(text.contains("Holm-adjusted mid-p McNemar p = ") && text.contains("(2 comparisons)"), text);
            assertTrue(text.contains("cost per 1,000 examples: model none (no prices), prompt $"), text);
            assertTrue(text.contains("stand-in LLM"), text);
        }
        WebElement first = browser.findElement(By.cssSelector("main > section"));
        assertEquals("verdict", first.getAttribute("id"), "the verdict is at the top of the page");

        // Reliability: the model and the logprobs prompt overlaid; the text prompt has no probabilities.
        List<WebElement> series = browser.findElements(By.cssSelector("#reliability-chart g.series"));
        assertEquals(List.of("penguins-mlp", "penguins-logprobs@default"),
                series.stream().map(g -> g.getAttribute("data-system")).toList());
        // The prompt's answers all have probability .6 for Adelie: one bin, [0.6, 0.7).
        assertEquals(1, series.get(1).findElements(By.tagName("circle")).size());
        assertTrue(series.get(0).findElements(By.tagName("circle")).size() >= 1);
        assertTrue(series.get(0).findElement(By.tagName("polyline")).getSize().getWidth() >= 0);
        assertTrue(browser.findElement(By.id("reliability-chart")).getText().contains("ECE"), "the legend gives the ECE");
        assertTrue(browser.findElement(By.id("reliability")).getLocation().getY()
                        < browser.findElement(By.id("confusion")).getLocation().getY() + 50,
                "the reliability diagram sits beside the confusion matrix");
        screenshot();

        new Select(browser.findElement(By.id("system"))).selectByValue("penguins-mlp");
        int rowsBefore = reports.rows().size();
        browser.findElement(By.id("start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> reports.rows().size() == rowsBefore + 1);
        // On "complete" the page reloads, showing the new run; the progress line is then empty again.
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                    driver.findElements(By.cssSelector("#leaderboard tbody tr")).size() == 3
                            && driver.findElement(By.id("progress-text")).getText().isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page did not reload after the run: progress says '"
                    + browser.findElement(By.id("progress-text")).getText() + "', leaderboard has "
                    + browser.findElements(By.cssSelector("#leaderboard tbody tr")).size() + " rows, expected 3", e);
        }

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), errors, "no errors in the browser console");
    }

    @Test
    void pageOpensOnTheTestSetWithTheMostRecentRunAndListsEveryTestSetWithItsLeaders() {
        browser.get(dashboard.toString());
        // cifar10 comes first alphabetically, but the only runs are on penguins.
        assertEquals("modelgate · penguins", browser.getTitle());
        assertEquals(3, browser.findElements(By.cssSelector("#leaderboard tbody tr")).size());

        List<WebElement> rows = browser.findElements(By.cssSelector("#test-sets tbody tr"));
        List<String> testSets = rows.stream().map(r -> r.getAttribute("data-task") + "/" + r.getAttribute("data-test-set")).toList();
        assertTrue(testSets.size() > 1 && testSets.contains("penguins/penguins-test") && testSets.stream().anyMatch(t -> t.startsWith("cifar10/")),
                "every test set of every task is listed: " + testSets);
        WebElement penguins = browser.findElement(By.cssSelector("#test-sets tr[data-task='penguins'][data-test-set='penguins-test']"));
        assertTrue(penguins.getAttribute("class").contains("current"), "the test set shown is marked");
        List<WebElement> cells = penguins.findElements(By.tagName("td"));
        assertTrue(cells.get(1).getText().startsWith("penguins-mlp · accuracy 0."), "best model: " + cells.get(1).getText());
        assertTrue(cells.get(2).getText().startsWith("penguins-"), "best prompt: " + cells.get(2).getText());
        assertTrue(cells.get(2).getText().contains("@default · accuracy 0."), "best prompt: " + cells.get(2).getText());
        WebElement cifar = rows.get(testSets.indexOf(testSets.stream().filter(t -> t.startsWith("cifar10/")).findFirst().orElseThrow()));
        assertEquals("never", cifar.findElements(By.tagName("td")).get(3).getText(), "no run on cifar10 yet");
    }
}
