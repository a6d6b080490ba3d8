package io.twingraph.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;

/**
 * The dashboard in a real headless Chromium against a whole TwinGraph with its simulated home, signed in with the
 * app's admin token (one test signs in as a reader). Each test leaves a screenshot of its page in
 * {@code <build folder>/screenshots/} and checks the page with axe-core: no serious or critical violations.
 * Skipped, with the reason, where Debian's chromium or chromedriver is not installed.
 *
 * <p>The app's clock is a midsummer noon: in daylight the simulated household and the comfort rules leave the
 * lights alone, so the kitchen light changes only when a test says so.
 */
class DashboardBrowserIT {
    private static final String KITCHEN_LIGHT = "home1:kitchen-light";
    private static final String KITCHEN_SENSOR = "home1:kitchen-climate-sensor";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static TwinGraphApp app;
    private static Browser browser;
    private static String base;
    private static String admin;

    @BeforeAll
    static void start() {
        assumeTrue(Browser.missing() == null, Browser.missing());
        Instant noon = Instant.parse("2025-06-21T11:00:00Z");
        Clock daylight = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noon));
        app = TwinGraphApp.start(AppConfig.defaults(dir.resolve("data")).withPorts(0, 0)
                .withSimulation(new AppConfig.Simulation(1, 0, 1.0, 7)), daylight);
        base = app.httpUrl();
        admin = app.adminToken();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void pageWorkedAndIsAccessible() {
        accessible();
        // 400 (a DRL that does not compile) and 401 (signed out) are answers the pages show, not faults
        assertThat(browser.consoleErrors()).filteredOn(m -> !m.matches(".*the server responded with a status of 40[01].*"))
                .as("browser console errors").isEmpty();
    }

    @Test
    void aLiveValueChangesOnScreenWithoutAReload() throws Exception {
        browser.open(base, admin, "home");
        String cell = tile(KITCHEN_SENSOR) + " dd[data-path='/features/environment/properties/temperature']";
        browser.waiting(WAIT).until(d -> !d.findElements(By.cssSelector(cell)).isEmpty()
                && "Live".equals(d.findElement(By.id("live-status")).getText()));
        // every text the cell shows from now on, and a mark that a reload would wipe
        browser.script("window.sameDocument = true; window.seen = [];"
                + "new MutationObserver(() => seen.push(document.querySelector(arguments[0]).textContent))"
                + ".observe(document.querySelector(arguments[0]), {childList: true, characterData: true, subtree: true});", cell);

        publish("twingraph/" + KITCHEN_SENSOR + "/telemetry", "{\"environment\":{\"temperature\":31.7}}");

        browser.waiting(WAIT).until(d -> ((List<?>) browser.script("return window.seen")).contains("31.7 °C"));
        assertThat(browser.script("return window.sameDocument")).as("no reload").isEqualTo(true);
        browser.screenshot("home");
    }

    @Test
    void aSentenceTurnsTheKitchenLightOnAndItsTileChanges() throws Exception {
        lightIs(false);
        browser.open(base, admin, "home");
        String home = browser.driver().getWindowHandle();
        String onCell = tile(KITCHEN_LIGHT) + " dd[data-path='/features/light/properties/on']";
        browser.waiting(WAIT).until(d -> text(onCell).equals("off") && "Live".equals(d.findElement(By.id("live-status")).getText()));
        browser.script("window.sameDocument = true");

        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.open(base, admin, "ask");
        WebElement say = browser.waiting(WAIT).until(d -> d.findElement(By.id("say")));
        say.sendKeys("turn on the kitchen light", Keys.ENTER);
        WebElement reply = browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector("#conversation .reply")));
        assertThat(reply.getAttribute("data-status")).isEqualTo("DONE");
        assertThat(reply.findElement(By.cssSelector(".answer")).getText()).contains("confirmed").contains("Kitchen light");
        assertThat(reply.findElement(By.cssSelector("table")).getText()).contains("Kitchen light").contains("light/on")
                .contains("confirmed");
        browser.screenshot("ask", true);
        accessible();
        browser.driver().close();

        browser.driver().switchTo().window(home);
        browser.waiting(WAIT).until(d -> text(onCell).equals("on"));
        assertThat(browser.driver().findElement(By.cssSelector(tile(KITCHEN_LIGHT))).getAttribute("class")).contains("active");
        assertThat(browser.script("return window.sameDocument")).as("the tile changed live, no reload").isEqualTo(true);
    }

    @Test
    void clickingATileCommandsTheDeviceAndShowsSentThenConfirmed() throws Exception {
        lightIs(false);
        browser.open(base, admin, "home");
        String button = tile(KITCHEN_LIGHT) + " button[data-command='light/on']";
        browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector(button)).getText().equals("Turn on")
                && "Live".equals(d.findElement(By.id("live-status")).getText()));
        browser.script("window.statuses = []; const line = document.querySelector(arguments[0]);"
                + "new MutationObserver(() => statuses.push(line.textContent)).observe(line, {childList: true, subtree: true});",
                tile(KITCHEN_LIGHT) + " .command-status");

        browser.driver().findElement(By.cssSelector(button)).click();

        browser.waiting(WAIT).until(d -> text(tile(KITCHEN_LIGHT) + " .command-status").equals("confirmed"));
        List<String> statuses = ((List<?>) browser.script("return window.statuses")).stream().map(String::valueOf).toList();
        assertThat(statuses).containsSubsequence("sent", "confirmed");
        assertThat(text(tile(KITCHEN_LIGHT) + " dd[data-path='/features/light/properties/on']")).isEqualTo("on");
        assertThat(twin(KITCHEN_LIGHT).at("/features/light/properties/on").asBoolean()).as("the twin").isTrue();
        assertThat(browser.driver().findElement(By.cssSelector(button)).getText()).isEqualTo("Turn off");
    }

    @Test
    void aBrokenDrlShowsItsErrorAtTheRightLine() {
        browser.open(base, admin, "rules");
        browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector("#package option")) != null);
        browser.driver().findElement(By.id("new-package")).sendKeys("webcheck");
        browser.driver().findElement(By.xpath("//button[text()='Start a new package']")).click();
        setDrl(String.join("\n",
                "package webcheck;",
                "import io.twingraph.engine.rules.facts.*;",
                "global io.twingraph.engine.rules.Actions act;",
                "",
                "rule \"a rule with a typo\"",
                "when",
                "    $d : Device(roomNme == \"Office\")",
                "then",
                "end",
                ""));
        browser.driver().findElement(By.id("dry-run")).click();

        WebElement problem = browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector("#problems li[data-line]")));
        assertThat(problem.getAttribute("data-line")).isEqualTo("7");
        assertThat(problem.getText()).startsWith("Line 7").contains("roomNme");
        // the editor marks line 7 (and no other) and puts a marker in the gutter
        List<WebElement> lines = browser.driver().findElements(By.cssSelector("#drl-editor .cm-content .cm-line"));
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).findElements(By.cssSelector(".cm-lintRange-error")))
                    .as("error mark on line " + (i + 1)).hasSize(i == 6 ? 1 : 0);
        }
        assertThat(browser.driver().findElements(By.cssSelector("#drl-editor .cm-lint-marker-error"))).hasSize(1);
        browser.screenshot("rules", true);
        accessible();

        // fixed, it compiles and is activated as version 1
        setDrl(String.join("\n",
                "package webcheck;", "import io.twingraph.engine.rules.facts.*;", "", "rule \"office device\"", "when",
                "    $d : Device(roomName == \"Office\")", "then", "end", ""));
        browser.driver().findElement(By.id("activate")).click();
        browser.waiting(WAIT).until(d -> d.findElement(By.id("rule-outcome")).getText().contains("Activated webcheck v1"));
        assertThat(browser.driver().findElements(By.cssSelector("#problems li"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#drl-editor .cm-lintRange-error"))).isEmpty();
    }

    @Test
    void aPlanRendersItsChart() {
        browser.open(base, admin, "energy");
        WebElement limit = browser.waiting(WAIT).until(d -> d.findElement(By.id("time-limit")));
        limit.clear();
        limit.sendKeys("2");
        browser.driver().findElement(By.id("plan-button")).click();

        WebElement chart = browser.waiting(Duration.ofSeconds(60)).until(d -> {
            WebElement c = d.findElement(By.id("plan-chart"));
            return "true".equals(c.getAttribute("data-rendered")) ? c : null;
        });
        assertThat(chart.getAttribute("data-datasets").split("\\|")).contains("PV (kW)", "Base load (kW)",
                "Import price (EUR/kWh)", "Cost, plan (EUR)", "Cost, baseline (EUR)", "Home battery (kW)",
                "Home battery charge (%)", "EV charger (kW)");
        long painted = ((Number) browser.script("const c = arguments[0]; const px = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n;", chart)).longValue();
        assertThat(painted).as("pixels the chart drew").isGreaterThan(20_000);
        assertThat(browser.driver().findElement(By.id("plan-solved")).getText()).matches("Solved in .*better solutions? found.*");
        assertThat(browser.driver().findElement(By.id("plan-figures")).getText()).contains("planned cost").contains("baseline cost");
        browser.screenshot("energy", true);
    }

    @Test
    void aQueryShowsItsResultsAsATable() {
        browser.open(base, admin, "query");
        browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector("#sparql-editor .cm-content")));
        // the keyboard: on a fresh load the first Tab reaches the skip link, shown with a visible focus ring
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("class")).isEqualTo("skip-link");
        assertThat(focused.isDisplayed()).isTrue();
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
        assertThat(focused.getCssValue("outline-width")).isEqualTo("3px");
        browser.driver().findElement(By.id("run-query")).sendKeys(Keys.ENTER);
        WebElement results = browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector("#results table")));
        assertThat(results.findElements(By.cssSelector("thead th"))).extracting(WebElement::getText)
                .containsExactly("room", "device", "temperature");
        assertThat(results.findElements(By.cssSelector("tbody tr")).size()).isGreaterThanOrEqualTo(6);
        assertThat(results.getText()).contains("Kitchen climate sensor").contains("Office thermostat");
        browser.screenshot("query", true);
    }

    @Test
    void aReaderSignsInAndSeesNoControls() throws Exception {
        String reader = issueToken("web-reader", "reader");
        browser.driver().get(base + "/#/sign-in");
        browser.script("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        browser.waiting(WAIT).until(d -> d.findElement(By.id("token"))).sendKeys(reader, Keys.ENTER);

        browser.waiting(WAIT).until(d -> d.findElement(By.id("who")).getText().startsWith("web-reader"));
        browser.waiting(WAIT).until(d -> !d.findElements(By.cssSelector(tile(KITCHEN_LIGHT) + " dd")).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector(".tile button"))).as("no command buttons").isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("#nav a[data-page='ask']")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.cssSelector("#nav a[data-page='query']")).isDisplayed()).isTrue();

        browser.driver().get(base + "/#/rules");
        browser.waiting(WAIT).until(d -> d.findElement(By.tagName("main")).getText().contains("needs the author role"));
        assertThat(browser.driver().findElements(By.id("activate"))).isEmpty();
        browser.driver().get(base + "/#/energy");
        browser.waiting(WAIT).until(d -> d.findElement(By.id("recent-plans")));
        assertThat(browser.driver().findElements(By.id("plan-form"))).isEmpty();

        browser.driver().findElement(By.id("sign-out")).click();
        browser.waiting(WAIT).until(d -> d.findElement(By.id("token")));
        assertThat(browser.script("return sessionStorage.getItem('twingraph.token')")).isNull();
    }

    // ------------------------------------------------------------------------------------------ plumbing

    /** axe-core finds no serious or critical violation on the page as it is now. */
    private static void accessible() {
        assertThat(browser.axeViolations(List.of("serious", "critical")))
                .as("axe-core: serious or critical violations on " + browser.driver().getCurrentUrl()).isEmpty();
    }

    private static String tile(String thingId) {
        return "article.tile[data-thing='" + thingId + "']";
    }

    private static String text(String css) {
        List<WebElement> found = browser.driver().findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** Replaces the DRL editor's text through CodeMirror's own API (typing would be auto-indented). */
    private static void setDrl(String drl) {
        browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('@codemirror/view').then(({EditorView}) => {"
                + "  const view = EditorView.findFromDOM(document.querySelector('#drl-editor .cm-editor'));"
                + "  view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: arguments[0]}}); done(true); });", drl);
    }

    /** Sets the kitchen light through the live channel, as a person's app would, and waits for its twin. */
    private static void lightIs(boolean on) throws Exception {
        HttpResponse<String> r = HTTP.send(request("/api/2/things/" + KITCHEN_LIGHT + "/features/light/properties/on?channel=live")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(Boolean.toString(on))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> twin(KITCHEN_LIGHT).at("/features/light/properties/on").asBoolean() == on);
    }

    private static JsonNode twin(String thingId) throws Exception {
        HttpResponse<String> r = HTTP.send(request("/api/2/things/" + thingId).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static String issueToken(String subject, String role) throws Exception {
        HttpResponse<String> r = HTTP.send(request("/api/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(
                        Map.of("subject", subject, "roles", List.of(role))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).path("token").asText();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin);
    }

    /** Publishes as a device would: MQTT, QoS 1, to the app's broker. */
    private static void publish(String topic, String payload) throws Exception {
        MqttClient device = new MqttClient(app.mqttUri(), "web-device-" + System.nanoTime(), new MemoryPersistence());
        try {
            device.connect();
            device.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            device.disconnect();
        } finally {
            device.close();
        }
    }
}
