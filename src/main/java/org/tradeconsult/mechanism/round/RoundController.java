package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.tradeconsult.mechanism.system.DatabaseUnavailable;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tradeconsult.mechanism.validation.PlainText;

/** {@code /api/v1/rounds}: start rounds, find and follow them, cancel them, subscribe to them. */
@RestController
@RequestMapping("/api/v1/rounds")
@Tag(name = "Rounds", description = "Consultation rounds: convene or request, list, follow, cancel, calendar")
class RoundController {

  static final String REPLAYED = "Idempotent-Replayed";
  static final String TEXT_CALENDAR = "text/calendar";
  static final int MAX_AUDIT_SIZE = 500;
  static final int MAX_AUDIT_PAGE = 100_000;
  static final String ROUND_ID_EXAMPLE = "R-20270315-K7Q2XM";

  private final RoundStartService starts;
  private final RoundQueryService queries;
  private final RoundCommandService commands;
  private final RoundCalendar calendar;

  RoundController(RoundStartService starts, RoundQueryService queries, RoundCommandService commands, RoundCalendar calendar) {
    this.starts = starts;
    this.queries = queries;
    this.commands = commands;
    this.calendar = calendar;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Convene a round (REGULAR) or request an ad-hoc round (AD_HOC)",
      description = "Checks every field and the caller's side before anything starts; starts the consultation-round "
          + "process as the caller. With an Idempotency-Key, the same key and body return the same round (200, header "
          + "Idempotent-Replayed: true) and the same key with another body answers 409.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = RoundStartRequest.class),
          examples = {
            @ExampleObject(name = "convene", summary = "The U.S. secretariat convenes a deputy-level round", value = """
                {"type": "REGULAR", "level": "DEPUTY", "title": "Deputy-level round on export controls",
                 "startDate": "2027-03-15", "endDate": "2027-03-16", "requestedHost": "US", "venue": "Washington",
                 "topics": ["EXPORT_CONTROLS", "SUPPLY_CHAIN_SECURITY"], "leadersEndorsementRequired": false}"""),
            @ExampleObject(name = "request", summary = "The Chinese secretariat requests an urgent ad-hoc round", value = """
                {"type": "AD_HOC", "requestingSide": "CN", "reason": "New export controls on lithography equipment",
                 "urgent": true, "topics": ["EXPORT_CONTROLS"]}""")
          })),
      responses = {
        @ApiResponse(responseCode = "201", description = "Started; Location names the round"),
        @ApiResponse(responseCode = "200", description = "A replay of an earlier request with the same Idempotency-Key"),
        @ApiResponse(responseCode = "400", description = "A field, the body or the Idempotency-Key is wrong; nothing was started"),
        @ApiResponse(responseCode = "403", description = "Only a secretariat may start a round, and only for its own side"),
        @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used for a different request, or its first request is still running"),
        @ApiResponse(responseCode = "415", description = "The body is not application/json")
      })
  ResponseEntity<RoundDetails> start(
      @Parameter(description = "Makes retries safe: 1 to 100 printable ASCII characters, e.g. a UUID; per user",
          schema = @Schema(maxLength = RoundStartService.MAX_IDEMPOTENCY_KEY))
          @RequestHeader(name = RoundStartService.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
      @RequestBody RoundStartRequest request) {
    RoundStartService.StartedRound started = starts.start(request, idempotencyKey);
    RoundDetails details;
    try {
      details = queries.details(started.roundId());
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.isCause(e)) {
        throw new StartedRoundUnreadableException(started.roundId(), started.created(), e);
      }
      throw e;
    }
    return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .location(URI.create(RoundQueryService.API_PATH + started.roundId()))
        .header(REPLAYED, String.valueOf(!started.created()))
        .body(details);
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Find rounds", description = "Filters combine with AND; a filter with several comma-separated "
      + "codes matches any of them. Unknown parameters are refused (400), so a misspelt filter never goes unnoticed.",
      responses = {
        @ApiResponse(responseCode = "200", description = "One page of rounds, the newest first unless sorted"),
        @ApiResponse(responseCode = "400", description = "An unknown parameter, an unknown code, a date or number that does not parse")
      })
  @Parameters({
    @Parameter(name = RoundSearch.STATUS, in = ParameterIn.QUERY, description = "Status code(s), e.g. PREPARING,IN_SESSION",
        array = @ArraySchema(schema = @Schema(implementation = RoundStatus.class))),
    @Parameter(name = RoundSearch.LEVEL, in = ParameterIn.QUERY, array = @ArraySchema(schema = @Schema(implementation = RoundLevel.class))),
    @Parameter(name = RoundSearch.TYPE, in = ParameterIn.QUERY, array = @ArraySchema(schema = @Schema(implementation = RoundType.class))),
    @Parameter(name = RoundSearch.HOST, in = ParameterIn.QUERY, description = "The agreed host, else the requested one",
        array = @ArraySchema(schema = @Schema(implementation = Host.class))),
    @Parameter(name = RoundSearch.REQUESTING_SIDE, in = ParameterIn.QUERY, description = "The side that convened or requested the round",
        array = @ArraySchema(schema = @Schema(allowableValues = {"US", "CN"}))),
    @Parameter(name = RoundSearch.FROM, in = ParameterIn.QUERY, description = "Start date on or after", schema = @Schema(format = "date")),
    @Parameter(name = RoundSearch.TO, in = ParameterIn.QUERY, description = "Start date on or before", schema = @Schema(format = "date")),
    @Parameter(name = RoundSearch.Q, in = ParameterIn.QUERY, description = "Text in the title or the reason, any case",
        example = "export controls", schema = @Schema(maxLength = RoundSearch.MAX_TEXT)),
    @Parameter(name = RoundSearch.SORT, in = ParameterIn.QUERY, description = "field[,asc|desc], repeatable; fields: createdAt, "
        + "startDate, endDate, statusSince, title, status, level, type, id. Default createdAt,desc; the id always breaks ties.",
        array = @ArraySchema(schema = @Schema(example = "startDate,asc"))),
    @Parameter(name = RoundSearch.PAGE, in = ParameterIn.QUERY, description = "0-based",
        schema = @Schema(type = "integer", minimum = "0", defaultValue = "0")),
    @Parameter(name = RoundSearch.SIZE, in = ParameterIn.QUERY,
        schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "20"))
  })
  RoundPage list(HttpServletRequest request) {
    MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
    request.getParameterMap().forEach((name, values) -> parameters.addAll(name, List.of(values)));
    return queries.search(parameters);
  }

  @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "A round: status history, who is awaited, agenda, outcome, commitments, links to Cockpit and Tasklist",
      responses = {
        @ApiResponse(responseCode = "200", description = "The round"),
        @ApiResponse(responseCode = "404", description = "No such round")
      },
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "The id is its only input: an unknown one answers 404")))
  RoundDetails get(@Parameter(example = ROUND_ID_EXAMPLE) @PathVariable String id) {
    return queries.details(id);
  }

  @GetMapping(value = "/{id}/audit", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The round's audit trail: who convened, agreed, approved, rejected, signed, released and followed up what, when",
      description = "The events of the round, of its joint statement and of its commitments, oldest first. Readable by whoever "
          + "may read the round; the details of statement events (digests, review and sign-off comments) only by the "
          + "secretariats and co-leads. Kept for good: Camunda's history cleanup does not touch it.",
      responses = {
        @ApiResponse(responseCode = "200", description = "One page of the trail"),
        @ApiResponse(responseCode = "400", description = "page or size out of range"),
        @ApiResponse(responseCode = "404", description = "No such round")
      })
  AuditTrail audit(
      @Parameter(example = ROUND_ID_EXAMPLE) @PathVariable String id,
      @Parameter(description = "0-based") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_AUDIT_PAGE) int page,
      @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_AUDIT_SIZE) int size) {
    return queries.audit(id, page, size);
  }

  @PostMapping(value = "/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Cancel a running round (secretariats); 409 once it has ended",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = CancelRequest.class),
          examples = @ExampleObject(name = "cancel", value = "{\"reason\": \"Overtaken by events\"}"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Cancelled: the round as it is now"),
        @ApiResponse(responseCode = "400", description = "No reason, a reason too long, or a body that is not the object asked for"),
        @ApiResponse(responseCode = "403", description = "Only a secretariat may cancel a round"),
        @ApiResponse(responseCode = "404", description = "No such round"),
        @ApiResponse(responseCode = "409", description = "The round has already ended"),
        @ApiResponse(responseCode = "415", description = "The body is not application/json")
      })
  RoundDetails cancel(@Parameter(example = ROUND_ID_EXAMPLE) @PathVariable String id, @Valid @RequestBody CancelRequest request) {
    commands.cancel(id, request.reason());
    return queries.details(id);
  }

  @GetMapping(value = "/calendar.ics", produces = TEXT_CALENDAR)
  @Operation(summary = "Upcoming rounds as an iCalendar feed (RFC 5545) to subscribe to",
      description = "Rounds that start today or later (UTC) and have not ended; one all-day event per round.",
      responses = @ApiResponse(responseCode = "200", description = "The calendar", content = @Content(
          mediaType = TEXT_CALENDAR, schema = @Schema(type = "string"), examples = @ExampleObject(name = "calendar", value = """
              BEGIN:VCALENDAR
              VERSION:2.0
              PRODID:-//TradeConsult//Consultation Mechanism//EN
              BEGIN:VEVENT
              UID:R-20270315-K7Q2XM@rounds.tradeconsult.org
              DTSTAMP:20270301T080000Z
              DTSTART;VALUE=DATE:20270315
              DTEND;VALUE=DATE:20270317
              SUMMARY:Deputy-level round on export controls
              STATUS:CONFIRMED
              END:VEVENT
              END:VCALENDAR
              """))),
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "It reads no parameter and no body")))
  ResponseEntity<String> calendar() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(TEXT_CALENDAR + ";charset=UTF-8"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"rounds.ics\"")
        .body(calendar.write(queries.upcoming()));
  }

  /** Why the round is cancelled. */
  @StrictJson
  record CancelRequest(
      @NotBlank @Size(max = RoundInputs.MAX_REASON)
      @Pattern(regexp = PlainText.NO_CONTROL_CHARACTERS, message = "must not contain control characters")
      String reason) {}
}
