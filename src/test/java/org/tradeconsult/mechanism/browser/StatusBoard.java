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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status board ({@code /dashboard}) in a person's browser: log in with the board's form, read
 * what a row shows, wait for the board to change by itself.
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

  Object script(String javascript) {
    return ((JavascriptExecutor) driver).executeScript(javascript);
  }

  /** The status of the round's row among the active or ended rounds, null when it is not shown. */
  String status(String roundId) {
    List<WebElement> badges = driver.findElements(By.cssSelector("tr[data-round-id='" + roundId + "'] .badge[data-status]"));
    return badges.isEmpty() ? null : badges.get(0).getAttribute("data-status");
  }

  void awaitStatus(String roundId, String status) {
    wait.withMessage(() -> "round " + roundId + " in status " + status + " on the board (shows " + status(roundId) + ")")
        .until(d -> status.equals(status(roundId)));
  }

  WebElement row(String roundId) {
    return wait.until(d -> d.findElements(By.cssSelector("#active-rounds tr[data-round-id='" + roundId + "']")).stream().findFirst().orElse(null));
  }

  String titleOf(String roundId) {
    return row(roundId).findElement(By.cssSelector(".round-title")).getText();
  }

  String awaitedSides(String roundId) {
    return String.join(",", row(roundId).findElements(By.cssSelector("td.awaited .side")).stream().map(WebElement::getText).toList());
  }

  List<String> activeRoundIds() {
    return driver.findElements(By.cssSelector("#active-rounds tbody tr")).stream().map(r -> r.getAttribute("data-round-id")).toList();
  }

  List<String> endedRoundIds() {
    return driver.findElements(By.cssSelector("#ended-rounds tbody tr")).stream().map(r -> r.getAttribute("data-round-id")).toList();
  }

  long chartCount(String status) {
    return Long.parseLong(driver.findElement(By.cssSelector("#status-chart g[data-status='" + status + "']")).getAttribute("data-count"));
  }

  String text(String cssSelector) {
    return driver.findElement(By.cssSelector(cssSelector)).getText();
  }

  void awaitText(String cssSelector, String expected) {
    wait.withMessage(() -> cssSelector + " showing " + expected)
        .until(d -> d.findElements(By.cssSelector(cssSelector)).stream().anyMatch(e -> expected.equals(e.getText())));
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
