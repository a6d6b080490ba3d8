package io.twingraph.api.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.core.type.TypeReference;

import io.twingraph.api.http.Json;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, both given by path (so Selenium
 * Manager never runs, and {@code SE_OFFLINE} keeps it from downloading anything if it did). Screenshots go to
 * {@code <build folder>/screenshots/}; {@link #axeViolations} runs axe-core (from its WebJar) on the page.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1000;

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Why the browser tests cannot run here, or null when they can. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver";
        }
        return null;
    }

    static Browser start() {
        System.setProperty("SE_OFFLINE", "true");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--window-size=" + WIDTH + "," + HEIGHT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    WebDriverWait waiting(Duration atMost) {
        WebDriverWait wait = new WebDriverWait(driver, atMost);
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /**
     * Loads a page of the dashboard afresh (a new document, not a hash change within the last one) with the token in
     * this tab's session, as the sign-in page leaves it.
     */
    void open(String baseUrl, String token, String page) {
        if (!driver.getCurrentUrl().startsWith(baseUrl)) {
            driver.get(baseUrl + "/#/sign-in");
        }
        script("sessionStorage.setItem('twingraph.token', arguments[0])", token);
        driver.get(baseUrl + "/#/" + page);
        driver.navigate().refresh();
    }

    /** Saves what the window shows as {@code screenshots/<name>.png}. */
    Path screenshot(String name) {
        return screenshot(name, false);
    }

    /** Saves the page as {@code screenshots/<name>.png}: the window, or the whole page (the window stretched to it). */
    Path screenshot(String name, boolean wholePage) {
        try {
            if (wholePage) {
                // the window's size includes what is not page: add it, so the whole page is in the picture
                long height = ((Number) script("return document.documentElement.scrollHeight"
                        + " + Math.max(0, window.outerHeight - window.innerHeight)")).longValue();
                driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(Math.max(height, HEIGHT), 4000)));
            }
            Path file = buildFolder().resolve("screenshots").resolve(name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        }
    }

    /** The axe-core violations on the page now with one of the given impacts ("serious", "critical"). */
    List<Map<String, Object>> axeViolations(List<String> impacts) {
        if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object'"))) {
            script(axeSource());
        }
        String json = (String) asyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations.filter(v => arguments[0].includes(v.impact))"
                + ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))))"
                + ".catch(e => done(JSON.stringify([{id: 'axe-failed', impact: 'critical', help: String(e)}])));", impacts);
        try {
            return Json.MAPPER.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console's errors since the last call (failed loads, script errors, CSP refusals). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private static String axeSource() {
        try (InputStream in = Objects.requireNonNull(Browser.class.getClassLoader().getResourceAsStream(AXE),
                "axe-core's WebJar (a test dependency) is not on the classpath")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's build folder (target, or -Dtg.target's), found from where the test classes are. */
    static Path buildFolder() {
        try {
            return Path.of(Browser.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
