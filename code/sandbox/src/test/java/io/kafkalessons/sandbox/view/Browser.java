package io.kafkalessons.sandbox.view;

import io.kafkalessons.testing.ExternalTools;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Debian's headless Chromium, driven through its own ChromeDriver by Selenium: one browser for the
 * test class. Without both programs the calling test is skipped with one line (failed under
 * {@code -Dtools.required=true}, as in CI). Chromium is told not to reach out to any service of its own.
 */
final class Browser {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static WebDriver driver;
    private static Path profile;

    private Browser() {
    }

    /** Opens {@code url} (starting the browser on first use). */
    static Browser open(String url) throws IOException {
        ExternalTools.require(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER)),
                "chromium and chromedriver", "apt-get install chromium chromium-driver");
        if (driver == null) {
            profile = Files.createTempDirectory("view-test-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1600,1400", "--user-data-dir=" + profile);
            // The driver is named, so Selenium never looks for (or downloads) one of its own.
            System.setProperty("webdriver.chrome.driver", DRIVER);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                    .usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
        }
        driver.get(url);
        return new Browser();
    }

    static void quit() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            deleteQuietly(profile);
            profile = null;
        }
    }

    String attribute(String css, String name) {
        return retry(() -> driver.findElement(By.cssSelector(css)).getDomAttribute(name));
    }

    String text(String css) {
        return retry(() -> driver.findElement(By.cssSelector(css)).getText());
    }

    void click(String css) {
        retry(() -> {
            driver.findElement(By.cssSelector(css)).click();
            return null;
        });
    }

    /** Waits until {@code count} elements match {@code css}. */
    void awaitText(String css, int count) {
        await(Duration.ofSeconds(15), () -> driver.findElements(By.cssSelector(css)).size() == count);
    }

    void await(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // an element not there yet, or replaced by the next render
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the page did not show it within " + timeout.toSeconds() + " s; it shows: "
                        + driver.findElement(By.tagName("body")).getText());
            }
            sleep(100);
        }
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The page re-renders every second, so an element found may be replaced before it is read: try again. */
    private static <T> T retry(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover profile in the temp folder
        }
    }
}
