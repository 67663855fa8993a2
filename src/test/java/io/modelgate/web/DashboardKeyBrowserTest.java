package io.modelgate.web;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.evaluation.RunReports;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a keys file, the dashboard's run button sends the key typed into its login field, kept for the tab. */
@QuarkusTest
@TestProfile(DashboardKeyBrowserTest.WithAdminKey.class)
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "DashboardKeyBrowserTest"))
@WithTestResource(FakeLlmResource.class)
class DashboardKeyBrowserTest {

    static final String ADMIN = "dashboard-admin-key-0123456789";

    public static class WithAdminKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(Path.of("target"));
                Path keys = Files.createTempFile(Path.of("target").toAbsolutePath(), "dashboard-keys-", ".txt");
                Files.writeString(keys, ADMIN + " admin\n");
                return Map.of("modelgate.auth.keys-file", keys.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestHTTPResource("/")
    URL dashboard;

    @Inject
    RunReports reports;

    private WebDriver browser;

    @BeforeEach
    void browser() {
        TestSupport.awaitReady();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,2200");
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
    void theRunButtonSendsTheKeyTypedIntoTheLoginFieldAndTheTabKeepsIt() {
        int before = reports.rows().size();
        browser.get(dashboard + "?task=penguins");
        new Select(browser.findElement(By.id("system"))).selectByValue("penguins-mlp");
        browser.findElement(By.id("start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                driver.findElement(By.id("progress-text")).getText().contains("needs an API key with the 'admin' role"));
        assertEquals(before, reports.rows().size(), "no run without the key");

        browser.findElement(By.id("api-key")).sendKeys(ADMIN);
        browser.findElement(By.id("start-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> reports.rows().size() == before + 1);
        // The page reloads on "complete"; the field is filled again from the tab's sessionStorage.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                ADMIN.equals(driver.findElement(By.id("api-key")).getAttribute("value"))
                        && driver.findElement(By.id("progress-text")).getText().isEmpty());
        assertTrue(browser.manage().getCookies().isEmpty(), "the key travels in a header, never a cookie");
    }
}
