package io.punctual.api;

import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static io.punctual.api.ApiInstance.SEARCH_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.testkit.KafkaBroker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver},
 * driven by Selenium) against a running scheduler and its API: log in with a token, list and open
 * timers, act on one; markup in a timer's id or labels stays text; a token sees nothing of another
 * namespace.
 */
class ConsoleBrowserIT {
  private static final String PREFIX = "console";
  private static final String HOSTILE_ID = "\"><img src=x onerror=window.__xss=1>";
  private static final String HOSTILE_LABEL = "<script>window.__xss=2</script>";

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ApiInstance instance;
  private static ChromeDriver browser;

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  @BeforeAll
  static void start() throws Exception {
    // .ci/run installs Debian's chromium and chromium-driver, and requires them
    boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if (!installed && "true".equals(System.getenv("PUNCTUAL_REQUIRE_BROWSER"))) {
      throw new IllegalStateException("chromium and chromedriver are required but not installed");
    }
    Assumptions.assumeTrue(
        installed,
        "no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver");
    instance = ApiInstance.start(KAFKA.kafka(), PREFIX);
    put("billing-report", "billing", "\"labels\": {\"team\": \"finance\"}");
    put(
        HOSTILE_ID,
        "billing",
        "\"labels\": {\"note\": \"" + HOSTILE_LABEL.replace("\"", "\\\"") + "\"}");
    put("search-reindex", "search", "\"labels\": {}");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
        "--user-data-dir=" + Files.createTempDirectory("chromium"));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build(),
            options);
    // a viewport of 1280×800, the screenshots' size, whatever the window's own bars take
    browser.get(base() + "/ui/index.html");
    long bars = (Long) browser.executeScript("return window.outerHeight - window.innerHeight");
    browser.manage().window().setSize(new Dimension(1280, 800 + (int) bars));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (instance != null) {
      instance.close();
    }
  }

  @Test
  void shouldShowATokensTimersAsTextAndActOnOne() {
    // Given a browser logged in with billing's token
    login(BILLING_TOKEN);

    // Then the timers page lists billing's two timers, the hostile one as plain text
    List<WebElement> rows = awaitRows(2);
    screenshot("timers");
    List<String> ids = rows.stream().map(r -> r.getAttribute("data-id")).toList();
    assertTrue(ids.contains("billing-report"), ids.toString());
    assertTrue(ids.contains(HOSTILE_ID), ids.toString());
    assertTrue(browser.getPageSource().contains("billing-report"));
    assertFalse(browser.getPageSource().contains("search-reindex"), "search's timer shown");
    assertNoScriptRan();

    // When the hostile timer is opened, its id and labels are shown as text, and nothing runs
    browser.findElement(By.linkText(HOSTILE_ID)).click();
    WebElement id = wait(By.id("timer-id"));
    assertEquals(HOSTILE_ID, id.getText());
    assertTrue(wait(By.id("definition")).getText().contains("window.__xss=2"));
    assertNoScriptRan();
    screenshot("timer");

    // And pausing it (confirmed) reaches the API
    browser.findElement(By.id("action-pause")).click();
    browser.switchTo().alert().accept();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Pause: done"));
  }

  @Test
  void shouldCreateACronTimerThroughTheFormWithAPreviewThatMarksTheDstGap() {
    login(ApiInstance.ADMIN_TOKEN);
    browser.get(base() + "/ui/index.html#/create");
    // Given a daily 02:30 in Paris, previewed from before the spring-forward night
    type("f-id", "console-cron");
    type("f-url", "http://target.test/console");
    type("f-expression", "30 2 * * *");
    type("f-zone", "Europe/Paris");
    browser.executeScript(
        "const f = document.getElementById('f-from'); f.value = '2027-03-26T00:00';"
            + " f.dispatchEvent(new Event('input'));");

    // Then the preview shows the instants, the offset change of 28 March marked
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.cssSelector("#preview li.dst")).isEmpty());
    List<String> instants =
        browser.findElements(By.cssSelector("#preview li")).stream()
            .map(WebElement::getText)
            .toList();
    assertEquals(10, instants.size(), instants.toString());
    assertTrue(instants.get(0).startsWith("2027-03-26 02:30:00 GMT+1"), instants.toString());
    assertTrue(instants.get(2).startsWith("2027-03-28 03:"), instants.toString());
    assertTrue(instants.get(2).contains("GMT+2"), instants.toString());
    assertTrue(wait(By.id("json")).getText().contains("\"timeZone\": \"Europe/Paris\""));
    screenshot("create");

    // And a bad expression is refused as it is typed, naming the field
    WebElement expression = browser.findElement(By.id("f-expression"));
    expression.clear();
    expression.sendKeys("61 * * * *");
    assertTrue(wait(By.cssSelector("#preview-error .problem")).getText().contains("cron"));
    expression.clear();
    expression.sendKeys("30 2 * * *");

    // When it is created, its page opens
    browser.findElement(By.id("create-button")).click();
    assertEquals("console-cron", wait(By.id("timer-id")).getText());
    // And it can be deleted from there
    wait(By.id("action-delete")).click();
    browser.switchTo().alert().accept();
    wait(By.id("timers"));
  }

  @Test
  void shouldShowNothingOfAnotherNamespace() {
    login(SEARCH_TOKEN);
    List<WebElement> rows = awaitRows(1);
    assertEquals("search-reindex", rows.get(0).getAttribute("data-id"));
    assertFalse(browser.getPageSource().contains("billing-report"));
    // a timer of billing, opened by its address, is not found
    browser.get(base() + "/ui/index.html#/timer/billing-report");
    assertTrue(
        wait(By.className("problem")).getText().contains("not found"), browser.getPageSource());
  }

  @Test
  void shouldServeTheConsoleWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base() + "/ui/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(policy.contains("script-src 'self'"), policy);
    assertFalse(policy.contains("unsafe-inline"), policy);
    assertFalse(page.body().contains("<script>"), "inline script in the page");
  }

  private static void login(String token) {
    browser.get(base() + "/ui");
    browser.executeScript("sessionStorage.clear()");
    browser.get(base() + "/ui/index.html#/timers");
    wait(By.id("token"));
    screenshot("login");
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.id("login-button")).click();
    wait(By.id("timers"));
  }

  /**
   * A screenshot of the page (1280×800) in {@code target/console}, and in {@code docs/console} of
   * the repository with {@code -Dpunctual.docs.update=true}.
   */
  private static void screenshot(String name) {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    try {
      Path target = Files.createDirectories(Path.of("target", "console")).resolve(name + ".png");
      Files.write(target, png);
      if (Boolean.getBoolean("punctual.docs.update")) {
        Path docs = Files.createDirectories(Path.of("..", "docs", "console"));
        Files.write(docs.resolve(name + ".png"), png);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void type(String id, String text) {
    WebElement input = wait(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private static List<WebElement> awaitRows(int count) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector("#timers tbody tr[data-id]")).size() >= count);
    return browser.findElements(By.cssSelector("#timers tbody tr[data-id]"));
  }

  private static WebElement wait(By what) {
    return new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(what));
  }

  private static void assertNoScriptRan() {
    assertNull(browser.executeScript("return window.__xss"), "a script ran");
    try {
      browser.switchTo().alert();
      throw new AssertionError("an alert opened");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  private static void put(String id, String namespace, String more) throws Exception {
    String body =
        "{\"namespace\": \""
            + namespace
            + "\", \"schedule\": {\"cron\": \"0 9 * * MON-FRI\", \"timeZone\": \"Europe/Paris\"},"
            + " \"target\": {\"http\": {\"url\": \"http://target.test/hook\"}}, "
            + more
            + "}";
    String path = "/timers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    ApiHttp http = instance.http();
    // the instance answers 503 until Kafka Streams runs: retried, as the CLI does
    ApiHttp.Answer answer = http.send("PUT", path, ApiInstance.ADMIN_TOKEN, body);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (answer.status() == 503 && System.nanoTime() < end) {
      Thread.sleep(500);
      answer = http.send("PUT", path, ApiInstance.ADMIN_TOKEN, body);
    }
    assertEquals(202, answer.status(), answer.body());
    Timers.awaitAnswer(http, path, ApiInstance.ADMIN_TOKEN, a -> a.status() == 200);
  }

  private static String base() {
    return "http://localhost:" + instance.api.port();
  }
}
