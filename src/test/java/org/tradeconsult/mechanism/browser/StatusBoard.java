package org.tradeconsult.mechanism.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status board ({@code /dashboard}) in a person's browser: log in with the board's form, read
 * what a row shows, wait for the board to change by itself. The board redraws its rows at every
 * refresh, so what it shows is read in one script call (an element found before a redraw is gone
 * after it), and waits look again when an element went stale.
 */
final class StatusBoard {

  private static final Duration TIMEOUT = Duration.ofSeconds(40);

  private final TasklistBrowser browser;
  private final ChromeDriver driver;
  private final String baseUrl;
  private final WebDriverWait wait;

  StatusBoard(TasklistBrowser browser, String baseUrl) {
    this.browser = browser;
    this.driver = (ChromeDriver) browser.driver();
    this.baseUrl = baseUrl;
    this.wait = new WebDriverWait(driver, TIMEOUT);
    this.wait.ignoring(StaleElementReferenceException.class);
  }

  /** Opens the board, logging in with the board's own form when asked to. */
  StatusBoard open() {
    driver.get(baseUrl + "/dashboard");
    if (driver.getCurrentUrl().contains("/login")) {
      driver.findElement(By.id("username")).sendKeys(browser.user());
      driver.findElement(By.id("password")).sendKeys("demo");
      driver.findElement(By.cssSelector("button[type=submit]")).click();
      wait.until(d -> d.getCurrentUrl().contains("/dashboard") && !d.getCurrentUrl().contains("/login"));
    }
    wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-generated-at") != null);
    return this;
  }

  /** The instant the board last read the service (it changes at every refresh). */
  String generatedAt() {
    return driver.findElement(By.tagName("body")).getAttribute("data-generated-at");
  }

  /** Leaves a mark in the page's memory: it survives refreshes, not a page reload. */
  void mark() {
    ((JavascriptExecutor) driver).executeScript("window.boardMark = 'still the same page'");
  }

  boolean isMarked() {
    return "still the same page".equals(((JavascriptExecutor) driver).executeScript("return window.boardMark"));
  }

  /** What the browser's console said since it was last read (failed requests, script errors, refusals of the page's policy). */
  List<String> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
  }

  Object script(String javascript) {
    return ((JavascriptExecutor) driver).executeScript(javascript);
  }

  /** The status of the round's row among the active or ended rounds, null when it is not shown. */
  String status(String roundId) {
    return values("tr[data-round-id='" + roundId + "'] .badge[data-status]", "data-status").stream().findFirst().orElse(null);
  }

  void awaitStatus(String roundId, String status) {
    wait.withMessage(() -> "round " + roundId + " in status " + status + " on the board (shows " + status(roundId) + ")")
        .until(d -> status.equals(status(roundId)));
  }

  /** The text of the round's row among the active rounds, once it is shown. */
  String rowText(String roundId) {
    return wait.until(d -> values(activeRow(roundId), null).stream().findFirst().orElse(null));
  }

  String titleOf(String roundId) {
    return wait.until(d -> values(activeRow(roundId) + " .round-title", null).stream().findFirst().orElse(null));
  }

  /** Opens the round's detail dialog by its title, as a person clicks it. */
  void openDetail(String roundId) {
    wait.until(d -> {
      d.findElement(By.cssSelector(activeRow(roundId) + " .round-title")).click();
      return true;
    });
  }

  String awaitedSides(String roundId) {
    return String.join(",", values(activeRow(roundId) + " td.awaited .side", null));
  }

  List<String> activeRoundIds() {
    return values("#active-rounds tbody tr", "data-round-id");
  }

  List<String> endedRoundIds() {
    return values("#ended-rounds tbody tr", "data-round-id");
  }

  long chartCount(String status) {
    return Long.parseLong(single("#status-chart g[data-status='" + status + "']", "data-count"));
  }

  String text(String cssSelector) {
    return single(cssSelector, null);
  }

  void awaitText(String cssSelector, String expected) {
    wait.withMessage(() -> cssSelector + " showing " + expected)
        .until(d -> values(cssSelector, null).contains(expected));
  }

  private static String activeRow(String roundId) {
    return "#active-rounds tr[data-round-id='" + roundId + "']";
  }

  private String single(String cssSelector, String attribute) {
    return values(cssSelector, attribute).stream().findFirst()
        .orElseThrow(() -> new NoSuchElementException("nothing on the board matches " + cssSelector));
  }

  /**
   * The shown text (attribute null) or the attribute of every element matching the selector,
   * read in one step.
   */
  @SuppressWarnings("unchecked")
  private List<String> values(String cssSelector, String attribute) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll(arguments[0]))"
            + ".map(e => arguments[1] === null ? e.innerText.trim() : e.getAttribute(arguments[1]));",
        cssSelector, attribute);
  }

  /** Saves the whole board (the window grown to its height) as target/screenshots/<name>.png. */
  Path screenshot(String name, int width) {
    Dimension before = driver.manage().window().getSize();
    try {
      driver.manage().window().setSize(new Dimension(width, 900));
      long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
      driver.manage().window().setSize(new Dimension(width, (int) Math.min(5000, height + 20)));
      Files.createDirectories(TasklistBrowser.SCREENSHOTS);
      Path file = TasklistBrowser.SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(before);
    }
  }
}
