package org.tradeconsult.mechanism.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser on Camunda Tasklist 7.24 (headless Chromium from Debian, driven by
 * Debian's chromedriver; Selenium Manager never runs) and what that person does there: log in,
 * start a process from its start form, open a task of the "My group's tasks / 本组任务" filter,
 * fill the Camunda Form (form-js 1.8.7) by field key, complete.
 *
 * <p>Fields are found through the form's own schema in {@code bpmn/forms/<id>.form}: form-js
 * renders each field with the DOM id {@code fjs-form-<random>-<component id>} (a datetime adds
 * {@code -date} and {@code -time}, a checklist or radio option adds {@code -<index>}), so a key
 * leads to its component id and from there to its element.
 */
final class TasklistBrowser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String GROUP_FILTER = "My group's tasks / 本组任务";
  /** How a person types a date into form-js's date picker. */
  static final DateTimeFormatter FORM_JS_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
  /** How form-js shows a date: 12/28/2026 as typed, 1/2/2027 when it formats a stored value. */
  static final DateTimeFormatter FORM_JS_SHOWN_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Dimension WINDOW = new Dimension(1400, 1000);

  private final String baseUrl;
  private final String user;
  private final Path profile;
  private final ChromeDriver driver;
  private final WebDriverWait wait;
  private JsonNode form;

  private TasklistBrowser(String baseUrl, String user) {
    this(baseUrl, user, null);
  }

  /** With {@code timeZone} (e.g. "Asia/Shanghai") the browser runs in that zone (TZ), as a person's machine there does. */
  private TasklistBrowser(String baseUrl, String user, String timeZone) {
    this.baseUrl = baseUrl;
    this.user = user;
    System.setProperty("SE_OFFLINE", "true");
    try {
      this.profile = Files.createTempDirectory("tasklist-browser-" + user + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    // the page's console (failed requests, script errors) goes into the evidence of a failure
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService.Builder builder = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"));
    if (timeZone != null) {
      builder.withEnvironment(Map.of("TZ", timeZone));
    }
    ChromeDriverService service = builder.build();
    // No request is blocked: Tasklist's login page asks GET /camunda-welcome, which the service
    // answers 404 (no Basic challenge, so Chromium opens no credentials dialog over the page;
    // see TasklistRoundBrowserIT#theTasklistLoginPageDoesNotOpenTheBrowsersBasicAuthDialog).
    ChromeDriver started = new ChromeDriver(service, options);
    this.driver = started;
    this.wait = new WebDriverWait(driver, TIMEOUT);
  }

  /** A fresh browser (own profile) for this demo user, logged in to Tasklist. */
  static TasklistBrowser loggedIn(String baseUrl, String user) {
    return loggedIn(baseUrl, user, null);
  }

  /** A fresh browser for this demo user in this time zone, logged in to Tasklist. */
  static TasklistBrowser loggedIn(String baseUrl, String user, String timeZone) {
    TasklistBrowser browser = new TasklistBrowser(baseUrl, user, timeZone);
    try {
      browser.login();
      return browser;
    } catch (RuntimeException | Error e) {
      browser.saveEvidence("login-" + user);
      browser.close();
      throw e;
    }
  }

  /** The browser's own time zone, as its JavaScript sees it. */
  String timeZone() {
    return (String) driver.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone");
  }

  /** A fresh browser that has done nothing yet (for checks of the login page itself). */
  static TasklistBrowser unauthenticated(String baseUrl, String user) {
    return new TasklistBrowser(baseUrl, user);
  }

  String user() {
    return user;
  }

  WebDriver driver() {
    return driver;
  }

  // ---------------------------------------------------------------- Tasklist pages

  void openLoginPage() {
    driver.get(baseUrl + "/camunda/app/tasklist/default/#/login");
    wait.until(d -> d.getCurrentUrl().contains("#/login"));
    visible(By.cssSelector("input[ng-model='username']"));
  }

  /** Types the user name into the login form and says what the field then holds. */
  String typeUserName() {
    WebElement name = visible(By.cssSelector("input[ng-model='username']"));
    name.sendKeys(user);
    return name.getDomProperty("value");
  }

  private void login() {
    for (int attempt = 1; ; attempt++) {
      try {
        openLoginPage();
        // Tasklist focuses the user name field once the page is up (and again 300 ms after boot):
        // type only when that has happened, or the password may land in the user name field
        wait.until(d -> "username".equals(driver.executeScript("return document.activeElement && document.activeElement.getAttribute('ng-model')")));
      } catch (TimeoutException e) {
        // A fresh browser loading Tasklist's scripts on a busy machine: keep what it showed, load again
        saveEvidence("login-page-" + user + "-attempt-" + attempt);
        System.out.printf("[browser] %s: Tasklist's login form not shown within %d s (attempt %d, evidence in %s)%n",
            user, TIMEOUT.toSeconds(), attempt, SCREENSHOTS);
        if (attempt == 3) {
          throw e;
        }
        continue;
      }
      sleep(500);
      WebElement name = visible(By.cssSelector("input[ng-model='username']"));
      name.clear();
      name.sendKeys(user);
      WebElement password = visible(By.cssSelector("input[ng-model='password']"));
      password.clear();
      password.sendKeys("demo");
      if (user.equals(name.getDomProperty("value")) && "demo".equals(password.getDomProperty("value"))) {
        break;
      }
      if (attempt == 3) {
        throw new IllegalStateException("the login form did not take the typed user name: '" + name.getDomProperty("value") + "'");
      }
    }
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> !d.getCurrentUrl().contains("#/login") && !d.findElements(By.cssSelector(".tasks-list")).isEmpty());
  }

  /** Opens Start process, picks the process by its name, waits for its start form. */
  void openStartForm(String processName, String formId) {
    click(By.xpath("//a[contains(normalize-space(.), 'Start process')]"));
    click(By.xpath("//div[contains(@class,'modal')]//a[normalize-space(.)=" + xpathLiteral(processName) + "]"));
    useForm(formId);
  }

  /** Presses Start under the start form and waits until the dialog is gone. */
  void submitStartForm() {
    WebElement start = wait.until(d -> {
      for (WebElement button : d.findElements(By.cssSelector(".modal-footer button"))) {
        if (button.getText().strip().equals("Start") && button.isEnabled()) {
          return button;
        }
      }
      return null;
    });
    start.click();
    wait.until(d -> d.findElements(By.cssSelector(".modal-dialog .fjs-container")).isEmpty());
  }

  /** Selects the shared filter and lists the names of the tasks it shows. */
  List<String> groupTaskNames() {
    selectGroupFilter();
    return driver.findElements(By.cssSelector(".tasks-list li.task h4.task a")).stream()
        .map(a -> a.getText().strip())
        .toList();
  }

  private void selectGroupFilter() {
    driver.get(baseUrl + "/camunda/app/tasklist/default/#/");
    click(By.xpath("//*[contains(@class,'filters')]//a[contains(normalize-space(.), \"My group's tasks\")"
        + " and contains(normalize-space(.), '本组任务')]"));
    // the list has loaded when it shows as many tasks as the filter's counter says (15 a page)
    wait.until(d -> {
      List<WebElement> counter = d.findElements(By.cssSelector(".task-filters .item.active .counter"));
      if (counter.isEmpty() || !counter.get(0).getText().strip().matches("\\d+")) {
        return false;
      }
      int count = Integer.parseInt(counter.get(0).getText().strip());
      return d.findElements(By.cssSelector(".tasks-list li.task")).size() == Math.min(count, 15);
    });
  }

  /**
   * Opens the task with this name (and this engine id, as several rounds may have a task of the
   * same name) from the group filter, claims it, and waits for its Camunda Form.
   */
  void openTask(String taskName, String taskId, String formId) {
    selectGroupFilter();
    By link = By.xpath("//*[contains(@class,'tasks-list')]//li[contains(@class,'task')]//h4//a[normalize-space(.)="
        + xpathLiteral(taskName) + " and contains(@href, 'task=" + taskId + "')]");
    click(link);
    wait.until(d -> d.getCurrentUrl().contains("task=" + taskId));
    visible(By.cssSelector("[cam-tasklist-form-camunda] .fjs-form"));
    // a task offered to the group is claimed before it can be completed
    WebElement claim = firstVisible(By.cssSelector("button.claim"), 1000);
    if (claim != null) {
      click(By.cssSelector("button.claim"));
      wait.until(d -> firstVisible(By.cssSelector("button.claim"), 0) == null);
    }
    useForm(formId);
  }

  /** Presses Complete (it must be enabled: the form is valid) and waits until the form is gone. */
  void complete() {
    clickComplete();
    wait.until(d -> d.findElements(By.cssSelector("[cam-tasklist-form-camunda] .fjs-form")).isEmpty());
  }

  /** Presses Complete and returns the error Tasklist shows (the task stays open). */
  String completeExpectingError() {
    clickComplete();
    WebElement error = wait.until(d -> {
      for (WebElement alert : d.findElements(By.cssSelector(".notifications .alert-danger, .notifications .alert-error, .notifications .alert"))) {
        if (alert.isDisplayed() && !alert.getText().isBlank()) {
          return alert;
        }
      }
      return null;
    });
    String text = error.getText();
    // a person reads it and closes it (it covers the Complete button)
    for (WebElement close : driver.findElements(By.cssSelector(".notifications .alert .close"))) {
      if (close.isDisplayed()) {
        close.click();
      }
    }
    wait.until(d -> d.findElements(By.cssSelector(".notifications .alert")).stream().noneMatch(WebElement::isDisplayed));
    return text;
  }

  private void clickComplete() {
    WebElement button = wait.until(d -> {
      WebElement b = d.findElement(By.cssSelector("button[ng-click='complete()']"));
      return b.isDisplayed() && b.isEnabled() ? b : null;
    });
    scrollIntoView(button);
    try {
      button.click();
    } catch (org.openqa.selenium.ElementClickInterceptedException e) {
      // At the end of a long form the button sits at the bottom of the task pane, half under
      // Tasklist's page footer: click its visible upper part, as a person does.
      int up = button.getSize().getHeight() / 2 - 4;
      new org.openqa.selenium.interactions.Actions(driver).moveToElement(button, 0, -up).click().perform();
    }
  }

  // ---------------------------------------------------------------- form-js fields by key

  private void useForm(String formId) {
    try {
      form = new ObjectMapper().readTree(Path.of("bpmn", "forms", formId + ".form").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!formId.equals(form.path("id").asText())) {
      throw new IllegalStateException("bpmn/forms/" + formId + ".form has id " + form.path("id").asText());
    }
    visible(By.cssSelector(".fjs-container .fjs-form"));
    // every component of the schema rendered (hidden ones excepted: conditional.hide)
    wait.until(d -> d.findElements(By.cssSelector(".fjs-container .fjs-form-field")).size() > 0);
  }

  JsonNode component(String key) {
    for (JsonNode component : form.path("components")) {
      if (key.equals(component.path("key").asText())) {
        return component;
      }
    }
    throw new IllegalArgumentException("form " + form.path("id").asText() + " has no field with key " + key);
  }

  /** The DOM element of a field: its input, or {@code suffix} ("-date", "-0", "-display") of it. */
  By fieldLocator(String key, String suffix) {
    return By.cssSelector(".fjs-container [id$='-" + component(key).path("id").asText() + suffix + "']");
  }

  /** The form-js field container (label, input, errors) of a key. */
  WebElement fieldContainer(String key) {
    List<WebElement> found = driver.findElements(By.xpath("//*[contains(@class,'fjs-form-field') and .//*[contains(@id, '-"
        + component(key).path("id").asText() + "')]]"));
    if (found.isEmpty()) {
      throw new IllegalStateException("field " + key + " is not rendered");
    }
    return found.get(found.size() - 1);
  }

  boolean isRendered(String key) {
    return !driver.findElements(By.xpath("//*[contains(@class,'fjs-form-field') and .//*[contains(@id, '-"
        + component(key).path("id").asText() + "')]]")).isEmpty();
  }

  String label(String key) {
    return fieldContainer(key).findElement(By.cssSelector("label")).getText().replace("*", "").strip();
  }

  void type(String key, String text) {
    WebElement input = visible(fieldLocator(key, ""));
    input.clear();
    input.sendKeys(text);
    if (!text.equals(input.getDomProperty("value"))) {
      throw new IllegalStateException("field " + key + " holds '" + input.getDomProperty("value") + "' after typing '" + text + "'");
    }
  }

  String value(String key) {
    return driver.findElement(fieldLocator(key, "")).getDomProperty("value");
  }

  boolean isReadonly(String key) {
    WebElement input = driver.findElement(fieldLocator(key, suffixOfMainInput(key)));
    return input.getDomAttribute("readonly") != null || input.getDomAttribute("disabled") != null
        || fieldContainer(key).getDomAttribute("class").contains("fjs-readonly");
  }

  private String suffixOfMainInput(String key) {
    return switch (component(key).path("type").asText()) {
      case "datetime" -> "time".equals(component(key).path("subtype").asText()) ? "-time" : "-date";
      case "checklist", "radio" -> "-0";
      default -> "";
    };
  }

  /** The text a select shows (its chosen option's label, or its placeholder). */
  String selectText(String key) {
    return driver.findElement(fieldLocator(key, "-display")).getText().strip();
  }

  /** Opens a select and picks the option with this label. */
  void select(String key, String optionLabel) {
    By option = By.xpath("//*[contains(@class,'fjs-dropdownlist-item') and normalize-space(.)=" + xpathLiteral(optionLabel) + "]");
    // focus coming in by Tab opens the list already; a click on the display toggles it
    WebElement item = firstVisible(option, 500);
    for (int attempt = 0; attempt < 3 && item == null; attempt++) {
      if (attempt > 0) {
        click(By.xpath("//label[@for=substring-before(//*[contains(@id, '-" + component(key).path("id").asText()
            + "-display')]/@id, '-display')]"));
      }
      click(fieldLocator(key, "-display"));
      item = firstVisible(option, 2000);
    }
    if (item == null) {
      throw new IllegalStateException("select " + key + " shows no option '" + optionLabel + "'");
    }
    // form-js selects the option on mousedown
    new org.openqa.selenium.interactions.Actions(driver).moveToElement(item).click().perform();
    wait.until(d -> optionLabel.equals(selectText(key)));
  }

  /** The labels of a checklist's or radio group's options, and whether each is checked. */
  Map<String, Boolean> options(String key) {
    Map<String, Boolean> options = new java.util.LinkedHashMap<>();
    String id = component(key).path("id").asText();
    for (WebElement input : driver.findElements(By.cssSelector(".fjs-container input[id*='-" + id + "-']"))) {
      if (!input.getDomAttribute("id").matches(".*-" + id + "-\\d+")) {
        continue;
      }
      WebElement label = driver.findElement(By.cssSelector("label[for='" + input.getDomAttribute("id") + "']"));
      options.put(label.getText().strip(), input.isSelected());
    }
    return options;
  }

  /** Ticks or unticks a checklist option, or chooses a radio option, by its label. */
  void choose(String key, String optionLabel, boolean checked) {
    String id = component(key).path("id").asText();
    for (WebElement input : driver.findElements(By.cssSelector(".fjs-container input[id*='-" + id + "-']"))) {
      WebElement label = driver.findElement(By.cssSelector("label[for='" + input.getDomAttribute("id") + "']"));
      if (label.getText().strip().equals(optionLabel)) {
        if (input.isSelected() != checked) {
          scrollIntoView(input);
          input.click();
        }
        wait.until(d -> input.isSelected() == checked);
        return;
      }
    }
    throw new IllegalStateException("field " + key + " has no option '" + optionLabel + "': " + options(key).keySet());
  }

  void check(String key, boolean checked) {
    WebElement box = driver.findElement(fieldLocator(key, ""));
    if (box.isSelected() != checked) {
      scrollIntoView(box);
      box.click();
    }
    wait.until(d -> box.isSelected() == checked);
  }

  boolean isChecked(String key) {
    return driver.findElement(fieldLocator(key, "")).isSelected();
  }

  /** The text a datetime field's date input shows. */
  String dateText(String key) {
    return driver.findElement(fieldLocator(key, "-date")).getDomProperty("value");
  }

  /** The date a datetime field's date input shows, or null if it shows none. */
  LocalDate dateValue(String key) {
    String text = dateText(key).strip();
    return text.isEmpty() ? null : LocalDate.parse(text, FORM_JS_SHOWN_DATE);
  }

  String timeText(String key) {
    return driver.findElement(fieldLocator(key, "-time")).getDomProperty("value");
  }

  /**
   * Types a date into a form-js date picker (flatpickr, allowInput) as a person does: the text,
   * then Tab to leave the field, which makes flatpickr parse the text, close its calendar and
   * form-js take the value. (Not Escape: in the start dialog Escape closes the whole dialog.)
   */
  void date(String key, LocalDate date) {
    String text = FORM_JS_DATE.format(date);
    for (int attempt = 1; ; attempt++) {
      WebElement input = visible(fieldLocator(key, "-date"));
      scrollIntoView(input);
      input.click();
      input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
      input.sendKeys(text);
      input.sendKeys(Keys.TAB);
      // this field's calendar closes (Tab may open the next field's)
      WebElement calendar = input.findElement(By.xpath("following-sibling::div[contains(@class,'flatpickr-calendar')]"));
      long end = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < end
          && !(date.equals(dateValue(key)) && !calendar.getDomAttribute("class").contains("open"))) {
        sleep(100);
      }
      if (date.equals(dateValue(key)) && !calendar.getDomAttribute("class").contains("open")) {
        return;
      }
      if (attempt == 3) {
        throw new IllegalStateException("date field " + key + " shows '" + dateText(key) + "' after typing " + text);
      }
    }
  }

  /**
   * Types a time (HH:mm) into a form-js time picker and leaves the field. The picker opens its
   * list of times when the field gets focus, so the field is not clicked but typed into.
   */
  void time(String key, String hhmm) {
    WebElement input = visible(fieldLocator(key, "-time"));
    scrollIntoView(input);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(hhmm);
    input.sendKeys(Keys.TAB);
    wait.until(d -> hhmm.equals(timeText(key)));
  }

  /** The validation errors form-js shows under the fields. */
  List<String> fieldErrors() {
    return driver.findElements(By.cssSelector(".fjs-container .fjs-form-field-error")).stream()
        .filter(WebElement::isDisplayed).map(WebElement::getText).filter(t -> !t.isBlank()).toList();
  }

  // ---------------------------------------------------------------- screenshots

  /**
   * Saves a PNG of the whole form (the window is made tall enough for the form not to scroll)
   * as {@code target/screenshots/<name>.png}.
   */
  Path screenshot(String name) {
    JavascriptExecutor js = driver;
    WebElement container = driver.findElement(By.cssSelector(".fjs-container"));
    long formHeight = ((Number) js.executeScript("return arguments[0].scrollHeight", container)).longValue();
    try {
      // about 350 to 500 px of the form show in the normal window: grow it by the rest
      driver.manage().window().setSize(new Dimension(WINDOW.getWidth(), (int) Math.min(6000, WINDOW.getHeight() + Math.max(0, formHeight - 350))));
      js.executeScript("arguments[0].scrollIntoView({block: 'start'})", driver.findElement(By.cssSelector(".fjs-container")));
      js.executeScript("document.activeElement && document.activeElement.blur && document.activeElement.blur()");
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(WINDOW);
    }
  }

  /** Saves the page as it is (for a failing step) under target/screenshots/failed-<name>.png and .html. */
  void saveEvidence(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve("failed-" + name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(SCREENSHOTS.resolve("failed-" + name + ".html"), driver.getPageSource());
      StringBuilder console = new StringBuilder(driver.getCurrentUrl()).append('\n');
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        console.append(entry.getTimestamp()).append(' ').append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
      }
      Files.writeString(SCREENSHOTS.resolve("failed-" + name + ".log"), console);
    } catch (IOException | RuntimeException e) {
      // evidence only
    }
  }

  // ---------------------------------------------------------------- helpers

  <T> T until(Function<WebDriver, T> condition) {
    return wait.until(condition);
  }

  private WebElement firstVisible(By locator, long millis) {
    long end = System.currentTimeMillis() + millis;
    do {
      try {
        for (WebElement element : driver.findElements(locator)) {
          if (element.isDisplayed()) {
            return element;
          }
        }
      } catch (StaleElementReferenceException e) {
        // re-rendered: look again
      }
      sleep(100);
    } while (System.currentTimeMillis() < end);
    return null;
  }

  private WebElement visible(By locator) {
    return wait.until(d -> {
      try {
        for (WebElement element : d.findElements(locator)) {
          if (element.isDisplayed()) {
            return element;
          }
        }
      } catch (StaleElementReferenceException e) {
        // re-rendered: look again
      }
      return null;
    });
  }

  private void click(By locator) {
    RuntimeException last = null;
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      try {
        WebElement element = visible(locator);
        scrollIntoView(element);
        element.click();
        return;
      } catch (StaleElementReferenceException | org.openqa.selenium.ElementClickInterceptedException e) {
        last = e;
        sleep(200);
      } catch (TimeoutException e) {
        throw new TimeoutException("nothing to click at " + locator, e);
      }
    }
    throw new TimeoutException("could not click " + locator, last);
  }

  private void scrollIntoView(WebElement element) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String xpathLiteral(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    if (!text.contains("\"")) {
      return "\"" + text + "\"";
    }
    List<String> parts = new ArrayList<>();
    for (String part : text.split("'", -1)) {
      parts.add("'" + part + "'");
    }
    return "concat(" + String.join(", \"'\", ", parts) + ")";
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp dir
      }
    }
  }
}
