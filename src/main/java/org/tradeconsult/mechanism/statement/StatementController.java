package org.tradeconsult.mechanism.statement;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.tradeconsult.mechanism.round.ApiDocumentation;
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
@Tag(name = "Statements", description = "Released joint statements and published readouts: public, no login")
class StatementController {

  /** The last page a client may ask for; page × size stays far below the int range. */
  static final int MAX_PAGE = 100_000;

  static final int MAX_SIZE = 200;

  static final String STATEMENT_ID_EXAMPLE = "R-20270315-K7Q2XM-JS";

  static final String STATEMENT_EXAMPLE = """
      {"id": "R-20270315-K7Q2XM-JS", "kind": "JOINT_STATEMENT", "roundId": "R-20270315-K7Q2XM",
       "title": "Joint statement on export controls", "textEn": "Both sides agreed to ...", "textZh": "双方同意……",
       "text": null, "side": null,
       "digest": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
       "digestAlgorithm": "SHA-256 (hex) of UTF-8 \\"en:\\" + text_en + \\"\\\\n\\" + \\"zh:\\" + text_zh",
       "releaseAt": "2027-03-17T13:00:00Z", "releaseAtWashington": "2027-03-17T09:00-04:00",
       "releaseAtBeijing": "2027-03-17T21:00+08:00"}""";

  private final StatementService statements;
  private final StatementCommandService commands;
  private final StatementFeed feed;

  StatementController(StatementService statements, StatementCommandService commands, StatementFeed feed) {
    this.statements = statements;
    this.commands = commands;
    this.feed = feed;
  }

  @GetMapping
  @Operation(summary = "Released statements and readouts, the newest first",
      responses = {
        @ApiResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = StatementPage.class),
            examples = @ExampleObject(name = "page", value = "{\"items\": [" + STATEMENT_EXAMPLE + "], \"page\": 0, \"size\": 20, \"total\": 1}"))),
        @ApiResponse(responseCode = "400", description = "page or size out of range, or not a number")
      })
  @SecurityRequirements
  StatementPage list(
      @Parameter(description = "0-based", example = "0") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_SIZE) int size) {
    return new StatementPage(statements.released(page, size).stream().map(PublishedStatement::of).toList(), page, size,
        statements.countReleased());
  }

  @GetMapping("/{id}")
  @Operation(summary = "A released statement or readout, with its digest to verify the text",
      responses = {
        @ApiResponse(responseCode = "200", description = "The statement", content = @Content(
            schema = @Schema(implementation = PublishedStatement.class),
            examples = @ExampleObject(name = "statement", value = STATEMENT_EXAMPLE))),
        @ApiResponse(responseCode = "404", description = "No released statement with this id; an embargoed one is not revealed")
      },
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "The id is its only input: an unknown or embargoed one answers 404")))
  @SecurityRequirements
  PublishedStatement get(@Parameter(example = STATEMENT_ID_EXAMPLE) @PathVariable String id) {
    return statements.releasedOne(id).map(PublishedStatement::of).orElseThrow(() -> new StatementNotFoundException(id));
  }

  @GetMapping(value = "/feed.atom", produces = "application/atom+xml")
  @Operation(summary = "The 50 latest released statements and readouts as an Atom feed (RFC 4287) to subscribe to",
      responses = @ApiResponse(responseCode = "200", description = "The feed", content = @Content(
          mediaType = "application/atom+xml", schema = @Schema(type = "string"), examples = @ExampleObject(name = "feed", value = """
              <?xml version="1.0" encoding="UTF-8"?>
              <feed xmlns="http://www.w3.org/2005/Atom">
                <id>urn:tradeconsult:mechanism:statements</id>
                <title>China-U.S. Economic and Trade Consultation Mechanism: statements</title>
                <updated>2027-03-17T13:00:00Z</updated>
                <entry>
                  <id>urn:tradeconsult:statement:R-20270315-K7Q2XM-JS</id>
                  <title>Joint statement on export controls</title>
                  <updated>2027-03-17T13:00:00Z</updated>
                </entry>
              </feed>
              """))),
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "It reads no parameter and no body")))
  @SecurityRequirements
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
  @Operation(summary = "Propose to move or cancel a scheduled release (secretariats); the other side's secretariat then agrees or declines",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = ReleaseChange.class),
          examples = {
            @ExampleObject(name = "move", summary = "Move the release",
                value = "{\"releaseAt\": \"2027-03-18T13:00:00Z\", \"cancel\": false}"),
            @ExampleObject(name = "cancel", summary = "Cancel the release", value = "{\"cancel\": true}")
          })),
      responses = {
        @ApiResponse(responseCode = "202", description = "Proposed: the change waits for both co-leads' agreement"),
        @ApiResponse(responseCode = "400", description = "Neither or both of releaseAt and cancel, an instant in the past or "
            + "too far ahead, an unknown property, or a body that is not one JSON object"),
        @ApiResponse(responseCode = "403", description = "Only a secretariat may propose a change"),
        @ApiResponse(responseCode = "404", description = "No such statement"),
        @ApiResponse(responseCode = "409", description = "The release is not scheduled, or a change already awaits agreement"),
        @ApiResponse(responseCode = "415", description = "The body is not application/json")
      })
  ResponseEntity<Void> proposeReleaseChange(
      @Parameter(example = STATEMENT_ID_EXAMPLE) @PathVariable String id, @RequestBody ReleaseChange change) {
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
