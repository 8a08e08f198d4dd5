package com.coachtrack.service;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: no driver download, no Selenium
 * Manager. One instance per test class; its profile and download folders are temporary and removed
 * on {@link #close}.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

  /** The repository's docs/screenshots: tests run in api-service/. */
  static final Path SCREENSHOTS =
      Paths.get("..", "docs", "screenshots").toAbsolutePath().normalize();

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;
  private final ChromeDriverService service;
  private final String base;

  /**
   * Used by {@code @EnabledIf}: the class is skipped, before the app starts, when either binary is
   * missing.
   */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  Browser(int port) throws IOException {
    System.setProperty("SE_AVOID_STATS", "true");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    base = "http://127.0.0.1:" + port;
    profile = Files.createTempDirectory("coachtrack-chrome-profile-");
    downloads = Files.createTempDirectory("coachtrack-chrome-downloads-");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false,
            "download.directory_upgrade", true,
            "safebrowsing.enabled", false));
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));

    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    // Headless Chromium may ignore the download preference; the DevTools command makes it explicit.
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
  }

  void open(String path) {
    driver.get(base + path);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  WebElement el(String cssId) {
    return driver.findElement(By.id(cssId));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text(String id) {
    return (String) js("return document.getElementById(arguments[0]).textContent;", id);
  }

  /**
   * The element's own {@code hidden} flag (what the page scripts toggle), not computed visibility.
   */
  boolean hidden(String id) {
    return Boolean.TRUE.equals(js("return document.getElementById(arguments[0]).hidden;", id));
  }

  /**
   * The element exists and its {@code hidden} flag is off; false (not an error) while a page is
   * still loading, so it suits waits across a reload.
   */
  boolean shown(String id) {
    return Boolean.TRUE.equals(
        js("const e = document.getElementById(arguments[0]); return !!e && !e.hidden;", id));
  }

  /** An input's current value (what the page set, or what was typed). */
  String value(String id) {
    return (String) js("return document.getElementById(arguments[0]).value;", id);
  }

  /** Replaces an input's text the way a person would: select all, then type. */
  void retype(String id, String text) {
    WebElement input = el(id);
    input.clear();
    input.sendKeys(text);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * The HTTP status the page's own {@code fetch} gets for a same-origin GET (with its cookies), or
   * -1 when the request fails.
   */
  long fetchStatus(String path) {
    Object status =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], { cache: 'no-store' }).then((r) => done(r.status), () => done(-1));",
                path);
    return ((Number) status).longValue();
  }

  /** A cookie's value for this app (HttpOnly ones included: WebDriver sees them), or null. */
  String cookie(String name) {
    Cookie cookie = driver.manage().getCookieNamed(name);
    return cookie == null ? null : cookie.getValue();
  }

  <T> T waitFor(Duration timeout, String what, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(200));
    wait.withMessage(what);
    // A page that is being replaced (a reload after signing out or in) may not answer a script.
    wait.ignoring(JavascriptException.class);
    return wait.until(condition);
  }

  /** Saves the viewport as docs/screenshots/NAME.png and returns its size in bytes. */
  long screenshot(String name) {
    // Bars slide to their new width (0.8 s): wait for CSS transitions so the picture shows the real
    // state.
    waitFor(
        Duration.ofSeconds(5),
        "CSS transitions to finish",
        d ->
            Boolean.TRUE.equals(
                js(
                    "return document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running');")));
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(shot.toPath());
      return Files.size(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Messages the pages logged as errors (uncaught exceptions included) since the last call. */
  List<String> consoleErrors() {
    try {
      return driver.manage().logs().get("browser").getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
          .map(entry -> entry.getMessage())
          .toList();
    } catch (RuntimeException e) {
      return List
          .of(); // the log endpoint is a Chromium extension; its absence is not the page's fault
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
      deleteTree(downloads);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // temporary folder: left for the OS to clean
    }
  }
}
