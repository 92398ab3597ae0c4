package dev.postcard.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through Debian's chromedriver, both named explicitly: Selenium Manager never runs,
 * so nothing is downloaded. Missing either is a failure that says what to install when POSTCARD_BROWSER_TESTS is
 * {@code required} (.ci/run sets it), and otherwise a skip that says the same, never a silent one.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous: a busy 2-core machine runs other builds beside this one. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                String missing = needed + " is missing: the dashboard's browser tests need Chromium and its driver;"
                        + " install them with `apt-get install chromium chromium-driver` (.ci/run does)";
                if ("required".equals(System.getenv("POSTCARD_BROWSER_TESTS"))) {
                    throw new AssertionError(missing);
                }
                // A machine with only a JDK still runs every other test; the skip is counted and says why.
                System.err.println("WARNING: browser tests skipped: " + missing);
                org.junit.jupiter.api.Assumptions.abort(missing);
            }
        }
        // Both the property and the service name the driver, so Selenium has nothing left to look up.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        try {
            Path profile = Files.createTempDirectory("postcard-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Goes to a route of the page already open ({@code #/webhooks}) without reloading it. */
    void route(String hash) {
        script("location.hash = arguments[0]", hash);
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    WebElement find(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null), "a visible " + css);
    }

    /** The first visible element matching {@code css} whose text contains {@code text}. */
    WebElement findWithText(String css, String text) {
        return until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null),
                "a visible " + css + " with the text '" + text + "'");
    }

    /** Waits until the page's visible text contains {@code text}. */
    void waitForText(String text) {
        until(d -> d.findElement(By.tagName("body")).getText().contains(text) ? Boolean.TRUE : null,
                "the text '" + text + "' on the page");
    }

    <T> T until(ExpectedCondition<T> condition, String what) {
        // The pages rebuild what they update (a polled row): an element may go stale between finding and reading.
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> "waited for " + what + "; the page says:\n"
                + driver.findElement(By.tagName("body")).getText()).until(condition);
    }

    /** The console's messages since the last call (reading them empties Chrome's buffer). */
    List<LogEntry> console() {
        return new ArrayList<>(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    /** Every URL the page has loaded since it was opened: the document, its modules, styles, API calls. */
    @SuppressWarnings("unchecked")
    List<String> loadedUrls() {
        return (List<String>) script("return performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource')).map(e => e.name)");
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens {@code url} as a new visitor would: no key left in this tab's session storage. */
    void openSignedOut(String url) {
        // Cleared on a page of the same origin that runs no script: clearing on the dashboard itself raced the
        // requests it was already making with the previous test's key.
        int dashboard = url.indexOf("/dashboard");
        driver.get((dashboard < 0 ? url : url.substring(0, dashboard)) + "/healthz");
        script("sessionStorage.clear()");
        driver.get(url);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temp directory left behind harms nothing.
            }
        }
    }
}
