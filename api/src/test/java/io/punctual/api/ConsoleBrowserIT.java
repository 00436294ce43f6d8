package io.punctual.api;

import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static io.punctual.api.ApiInstance.SEARCH_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.executor.PunctualExecutor;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * driven by Selenium) against a running scheduler, its API and an executor calling a local HTTP
 * target: log in with a token, create a cron timer through the form and see it fire in the live
 * view, pause, trigger, read its history, edit and delete; the overview, upcoming and dead-letter
 * pages; markup in a timer's id or labels stays text; a token sees nothing of another namespace on
 * any page. Each page's screenshot is taken at 1280×800.
 */
class ConsoleBrowserIT {
  private static final String PREFIX = "console";
  private static final String HOSTILE_ID = "\"><img src=x onerror=window.__xss=1>";
  private static final String HOSTILE_LABEL = "<script>window.__xss=2</script>";

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ApiInstance instance;
  private static PunctualExecutor executor;
  private static RecordingHttpTarget target;
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
    // the executor's meters, read by the overview from its Prometheus endpoint
    int executorPort = ApiInstance.freePort();
    instance =
        ApiInstance.start(
            KAFKA.kafka(),
            PREFIX,
            Map.of("punctual.api.overview.executors", List.of("http://localhost:" + executorPort)));
    target = RecordingHttpTarget.start();
    Map<String, Object> executorProperties = new HashMap<>();
    executorProperties.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
    executorProperties.put("punctual.executor.topic-prefix", PREFIX);
    executorProperties.put("punctual.executor.group-id", PREFIX + "-executor");
    executorProperties.put("punctual.executor.allow-loopback", true);
    executorProperties.put("micronaut.server.port", executorPort);
    executor = PunctualExecutor.start(executorProperties);
    put("billing-report", "billing", "\"labels\": {\"team\": \"finance\"}");
    // a billing timer firing every 5 s for the overview, upcoming and live pages
    put(
        "billing-heartbeat",
        "billing",
        "{\"every\": \"PT5S\"}",
        "\"labels\": {\"team\": \"finance\"}");
    // a billing timer whose target sends a credential, which answers redact
    put(
        "billing-secret",
        "billing",
        "{\"cron\": \"0 9 * * MON-FRI\", \"timeZone\": \"Europe/Paris\"}",
        "\"labels\": {}",
        "\"headers\": {\"Authorization\": \"Bearer first-credential\"}");
    // a billing definition the scheduler rejects, written past the API
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  PREFIX + ".timers",
                  "billing-bad-cron",
                  "{\"namespace\": \"billing\", \"schedule\": {\"cron\": \"61 * * * *\"},"
                      + " \"target\": {\"http\": {\"url\": \"http://target.test/x\"}}}"))
          .get();
    }
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
    if (executor != null) {
      executor.close();
    }
    if (target != null) {
      target.close();
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

    // And pausing it (confirmed) reaches the API
    browser.findElement(By.id("action-pause")).click();
    browser.switchTo().alert().accept();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Pause: done"));
  }

  @Test
  void shouldCreateACronTimerSeeItFirePauseTriggerReadItsHistoryAndDeleteIt() {
    login(BILLING_TOKEN);
    browser.get(base() + "/ui/index.html#/create");
    // Given a cron firing every 5 s in Paris, previewed from just before the spring-forward gap
    type("f-id", "console-flow");
    type("f-namespace", "billing");
    type("f-url", target.url("/console-flow"));
    type("f-expression", "*/5 * * * * *");
    select("f-dialect", "SPRING");
    type("f-zone", "Europe/Paris");
    browser.executeScript(
        "const d = new Date(Date.UTC(2027, 2, 28, 0, 59, 40));"
            + " const p = (n) => String(n).padStart(2, '0');"
            + " const f = document.getElementById('f-from');"
            + " f.value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate())"
            + " + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());"
            + " f.dispatchEvent(new Event('input'));");

    // Then the preview jumps from 01:59:55 (GMT+1) to 03:00:00 (GMT+2), the change marked
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.cssSelector("#preview li.dst")).isEmpty());
    List<String> instants = texts("#preview li");
    assertEquals(10, instants.size(), instants.toString());
    int gap = indexOfMarked("#preview li");
    assertTrue(instants.get(gap - 1).startsWith("2027-03-28 01:59:5"), instants.toString());
    assertTrue(instants.get(gap - 1).contains("GMT+1"), instants.toString());
    assertTrue(instants.get(gap).startsWith("2027-03-28 03:00:00 GMT+2"), instants.toString());
    assertTrue(wait(By.id("json")).getText().contains("\"timeZone\": \"Europe/Paris\""));
    screenshot("create");

    // And a bad expression is refused as it is typed, naming the field
    WebElement expression = browser.findElement(By.id("f-expression"));
    expression.clear();
    expression.sendKeys("61 * * * * *");
    assertTrue(wait(By.cssSelector("#preview-error .problem")).getText().contains("cron"));
    expression.clear();
    expression.sendKeys("*/5 * * * * *");

    // When it is created, its page opens
    browser.findElement(By.id("create-button")).click();
    assertEquals("console-flow", wait(By.id("timer-id")).getText());

    // And the live view of that timer shows it fire: the executor called the target
    browser.get(base() + "/ui/index.html#/live?timer=console-flow");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "live"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d ->
                !d.findElements(
                        By.cssSelector(
                            "#live tr[data-timer='console-flow'][data-type='SUCCEEDED']"))
                    .isEmpty());
    assertFalse(target.calls("/console-flow").isEmpty(), "the target was not called");
    screenshot("live");

    // When it is paused, then triggered, from its page
    openTimer("console-flow");
    wait(By.id("action-pause")).click();
    browser.switchTo().alert().accept();
    awaitMessage("Pause: done");
    openTimer("console-flow");
    assertTrue(wait(By.tagName("main")).getText().contains("paused"));
    int before = target.calls("/console-flow").size();
    wait(By.id("action-trigger-now")).click();
    browser.switchTo().alert().accept();
    awaitMessage("Trigger now: done");
    String invocation = wait(By.id("message")).getText().replaceAll(".*\\((.*)\\).*", "$1");

    // Then the target is called once more, and the history shows the triggered invocation's
    // outcome with its HTTP status
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> target.calls("/console-flow").size() > before);
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d -> {
              openTimer("console-flow");
              return wait(By.id("history")).getText().contains("200");
            });
    assertTrue(
        browser.findElements(By.cssSelector("#history tr[data-type='SUCCEEDED']")).size() >= 2,
        "history: " + wait(By.id("history")).getText() + " after " + invocation);
    screenshot("timer");

    // And it is deleted from its page
    wait(By.id("action-delete")).click();
    browser.switchTo().alert().accept();
    wait(By.id("timers"));
    openTimer("console-flow");
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(
            d -> {
              openTimer("console-flow");
              return !d.findElements(By.className("problem")).isEmpty();
            });
  }

  @Test
  void shouldChartTheOverviewTimelineUpcomingFiringsListDeadLettersAndEditATimer() {
    login(BILLING_TOKEN);
    // The overview charts the hour: 60 bars of firings, billing's timers, the instance
    browser.get(base() + "/ui/index.html#/overview");
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(
            d -> {
              d.navigate().refresh();
              return !wait(By.id("summary")).getText().startsWith("Last hour: 0 firings");
            });
    assertEquals(60, browser.findElements(By.cssSelector("#chart-firings rect.bar")).size());
    assertTrue(wait(By.id("chart-namespaces")).getText().contains("billing"));
    assertFalse(wait(By.id("chart-namespaces")).getText().contains("search"));
    assertEquals(
        6, browser.findElements(By.cssSelector("#chart-instances rect.partition.active")).size());
    screenshot("overview");

    // The upcoming timeline marks the heartbeat's firings of the next hour
    browser.get(base() + "/ui/index.html#/upcoming");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector("#chart-upcoming circle.dot")).size() >= 100);
    assertFalse(
        browser
            .findElements(By.cssSelector("#upcoming tr[data-timer='billing-heartbeat']"))
            .isEmpty());
    screenshot("upcoming");

    // The dead letters show the rejected definition with its reason
    browser.get(base() + "/ui/index.html#/dead-letters");
    WebElement letter =
        new WebDriverWait(browser, Duration.ofSeconds(20))
            .until(
                d -> {
                  d.navigate().refresh();
                  return wait(By.id("dead-letters"))
                      .findElements(By.cssSelector("tr[data-key='billing-bad-cron']"))
                      .stream()
                      .findFirst()
                      .orElse(null);
                });
    assertTrue(letter.getText().contains("61 * * * *"), letter.getText());
    assertTrue(letter.getText().contains("schedule.cron"), letter.getText());
    screenshot("dead-letters");

    // And a timer is edited: its schedule changed, the rest of its definition kept
    browser.get(base() + "/ui/index.html#/edit/billing-report");
    WebElement expression = wait(By.id("f-expression"));
    assertEquals("0 9 * * MON-FRI", expression.getAttribute("value"));
    assertFalse(wait(By.id("f-namespace")).isEnabled(), "namespace editable");
    expression.clear();
    expression.sendKeys("0 10 * * MON-FRI");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("json")).getText().contains("0 10 * * MON-FRI"));
    assertTrue(wait(By.id("json")).getText().contains("\"team\": \"finance\""));
    screenshot("edit");
    browser.findElement(By.id("create-button")).click();
    browser.switchTo().alert().accept();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(
            d -> {
              openTimer("billing-report");
              return wait(By.tagName("main")).getText().contains("at 10:00 on weekdays");
            });
    assertTrue(wait(By.id("definition")).getText().contains("finance"));

    // And an admin's overview shows both namespaces and the executor's own meters; billing's shows
    // no executor (its figures are every tenant's)
    assertEquals(
        0, instance.http().get("/overview", BILLING_TOKEN).json().path("executors").size());
    login(ApiInstance.ADMIN_TOKEN);
    browser.get(base() + "/ui/index.html#/overview");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            d -> {
              d.navigate().refresh();
              return wait(By.id("executors")).getText().contains("SUCCEEDED");
            });
    assertTrue(wait(By.id("chart-namespaces")).getText().contains("search"));
    screenshot("overview");
    login(BILLING_TOKEN);

    // And a timer whose target sends a credential asks for it again: the form neither shows it
    // nor writes the redaction marker back; the new value is what the target receives
    browser.get(base() + "/ui/index.html#/edit/billing-secret");
    WebElement secret = wait(By.id("f-secret-Authorization"));
    assertFalse(browser.getPageSource().contains("first-credential"), "the credential shown");
    browser.findElement(By.id("create-button")).click();
    assertTrue(
        (Boolean)
            browser.executeScript("return !document.getElementById('create').checkValidity()"),
        "the form saved without the credential");
    secret.sendKeys("Bearer second-credential");
    assertFalse(wait(By.id("json")).getText().contains("second-credential"), "shown as typed");
    browser.findElement(By.id("create-button")).click();
    browser.switchTo().alert().accept();
    wait(By.id("timer-id"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d -> {
              instance.http().send("POST", "/timers/billing-secret/trigger", BILLING_TOKEN, null);
              sleep(Duration.ofSeconds(2));
              return target.calls("/secret").stream()
                  .anyMatch(c -> "Bearer second-credential".equals(c.header("Authorization")));
            });
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
    // and no other page shows anything of billing: not its timers per namespace, its firings
    // due, its dead letters, nor, for a while, its live events (its heartbeat fires every 5 s)
    browser.get(base() + "/ui/index.html#/overview");
    wait(By.id("chart-namespaces"));
    assertFalse(browser.getPageSource().contains("billing"), "overview");
    browser.get(base() + "/ui/index.html#/upcoming");
    wait(By.id("upcoming-summary"));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElement(By.id("upcoming-summary")).getText().isEmpty());
    assertFalse(browser.getPageSource().contains("billing"), "upcoming");
    browser.get(base() + "/ui/index.html#/dead-letters");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.cssSelector("#dead-letters tbody tr")).isEmpty());
    assertFalse(browser.getPageSource().contains("billing"), "dead letters");
    browser.get(base() + "/ui/index.html#/live");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "live"));
    int calls = target.calls("/hook").size();
    sleep(Duration.ofSeconds(8));
    assertTrue(target.calls("/hook").size() > calls, "billing's heartbeat did not fire meanwhile");
    assertEquals(List.of(), browser.findElements(By.cssSelector("#live tbody tr")));
    assertFalse(browser.getPageSource().contains("billing"), "live");
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
    if (token.equals(BILLING_TOKEN)) {
      screenshot("login");
    }
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

  private static void openTimer(String id) {
    browser.get(base() + "/ui/index.html#/overview");
    browser.get(base() + "/ui/index.html#/timer/" + id);
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(
            d ->
                !d.findElements(By.id("next")).isEmpty()
                    || !d.findElements(By.className("problem")).isEmpty());
  }

  private static void awaitMessage(String text) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), text));
  }

  private static List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static int indexOfMarked(String css) {
    List<WebElement> items = browser.findElements(By.cssSelector(css));
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).getAttribute("class").contains("dst")) {
        return i;
      }
    }
    throw new AssertionError("no item marked");
  }

  private static void select(String id, String value) {
    new org.openqa.selenium.support.ui.Select(wait(By.id(id))).selectByValue(value);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
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
    put(id, namespace, "{\"cron\": \"0 9 * * MON-FRI\", \"timeZone\": \"Europe/Paris\"}", more);
  }

  private static void put(String id, String namespace, String schedule, String more)
      throws Exception {
    put(id, namespace, schedule, more, null);
  }

  private static void put(String id, String namespace, String schedule, String more, String headers)
      throws Exception {
    String body =
        "{\"namespace\": \""
            + namespace
            + "\", \"schedule\": "
            + schedule
            + ", \"target\": {\"http\": {\"url\": \""
            + target.url(headers == null ? "/hook" : "/secret")
            + "\""
            + (headers == null ? "" : ", " + headers)
            + "}}, "
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
