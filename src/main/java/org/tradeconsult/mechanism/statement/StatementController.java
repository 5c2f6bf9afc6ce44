package org.tradeconsult.mechanism.statement;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tradeconsult.mechanism.round.StrictJson;

/**
 * {@code /api/v1/statements}: the one public part of the API. It shows released joint
 * statements and published readouts only; an embargoed statement does not exist here.
 *
 * <p>Parameters out of range answer 400 naming the parameter, through Spring MVC's own method
 * validation. No class-level {@code @Validated}: it would check them in an AOP proxy instead,
 * whose {@code ConstraintViolationException} answered 500.
 */
@RestController
@RequestMapping("/api/v1/statements")
class StatementController {

  /** The last page a client may ask for; page × size stays far below the int range. */
  static final int MAX_PAGE = 100_000;

  static final int MAX_SIZE = 200;

  private final StatementService statements;
  private final StatementCommandService commands;
  private final StatementFeed feed;

  StatementController(StatementService statements, StatementCommandService commands, StatementFeed feed) {
    this.statements = statements;
    this.commands = commands;
    this.feed = feed;
  }

  @GetMapping
  StatementPage list(
      @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_SIZE) int size) {
    return new StatementPage(statements.released(page, size).stream().map(PublishedStatement::of).toList(), page, size,
        statements.countReleased());
  }

  @GetMapping("/{id}")
  PublishedStatement get(@PathVariable String id) {
    return statements.releasedOne(id).map(PublishedStatement::of).orElseThrow(() -> new StatementNotFoundException(id));
  }

  @GetMapping(value = "/feed.atom", produces = "application/atom+xml")
  ResponseEntity<String> atom() {
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
        .body(feed.render(statements.released(0, 50)));
  }

  /**
   * A secretariat proposes to move ({@code releaseAt}) or cancel ({@code cancel}) a scheduled release.
   * The body is strict: an unknown property, a number for the instant or an instant outside the
   * window of {@link StatementCommandService} answers 400 naming the field, and nothing is proposed.
   */
  @PostMapping("/{id}/release-change")
  ResponseEntity<Void> proposeReleaseChange(@PathVariable String id, @RequestBody ReleaseChange change) {
    commands.proposeChange(id, change.releaseAt(), change.cancel());
    return ResponseEntity.accepted().build();
  }

  @StrictJson
  record ReleaseChange(Instant releaseAt, boolean cancel) {}

  record StatementPage(List<PublishedStatement> items, int page, int size, long total) {}

  /** A published statement with how to verify it. */
  record PublishedStatement(
      String id, String kind, String roundId, String title, String textEn, String textZh, String text, String side,
      String digest, String digestAlgorithm, String releaseAt, String releaseAtWashington, String releaseAtBeijing) {

    static PublishedStatement of(PublicStatement s) {
      return new PublishedStatement(s.id(), s.kind(), s.roundId(), s.title(), s.textEn(), s.textZh(), s.text(), s.side(),
          s.digest(), s.digest() == null ? null : StatementDigest.CANONICAL_FORM,
          s.releasedAt().toInstant().toString(),
          s.releasedAt().atZoneSameInstant(StatementService.WASHINGTON).toOffsetDateTime().toString(),
          s.releasedAt().atZoneSameInstant(StatementService.BEIJING).toOffsetDateTime().toString());
    }
  }
}
