package org.tradeconsult.mechanism.demo;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.round.ApiDocumentation;
import org.tradeconsult.mechanism.round.StrictJson;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * {@code /api/v1/demo/clock} (the {@code demo} profile only): the demo's time, and an
 * administrator's way to move it forward for a training session — a month of the mechanism in an
 * hour, a release or an overdue commitment without waiting. Forward only, audited.
 */
@RestController
@RequestMapping("/api/v1/demo/clock")
@ConditionalOnProperty(name = "mechanism.demo.clock", havingValue = "true")
@Tag(name = "Demo", description = "The demo's clock (demo profile only)")
class DemoClockController {

  private final DemoClock clock;
  private final CurrentUserService users;

  DemoClockController(DemoClock clock, CurrentUserService users) {
    this.clock = clock;
    this.users = users;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The demo's time and how far it runs ahead of the real time",
      responses = @ApiResponse(responseCode = "200", description = "The time", content = @Content(
          schema = @Schema(implementation = ClockState.class), examples = @ExampleObject(name = "moved",
          value = "{\"now\": \"2026-12-10T09:00:00Z\", \"ahead\": \"PT168H\"}"))),
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "It reads nothing of the request but its credentials")))
  ClockState get() {
    return new ClockState(clock.now(), clock.offset());
  }

  @PostMapping(value = "/advance", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Move the demo's time forward (administrators); timers that fall due fire",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = AdvanceRequest.class),
          examples = @ExampleObject(name = "a week", value = "{\"by\": \"P7D\"}"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Moved: the time now", content = @Content(
            schema = @Schema(implementation = ClockState.class), examples = @ExampleObject(name = "moved",
            value = "{\"now\": \"2026-12-10T09:00:00Z\", \"ahead\": \"PT168H\"}"))),
        @ApiResponse(responseCode = "400", description = "by is not a duration from one minute to 366 days"),
        @ApiResponse(responseCode = "403", description = "Only an administrator moves the demo's time"),
        @ApiResponse(responseCode = "415", description = "The body is not application/json")
      })
  ClockState advance(Principal principal, @Valid @RequestBody AdvanceRequest request) {
    if (!users.describe(principal.getName()).roles().contains(Role.ADMINISTRATOR)) {
      throw new AuthorizationException("User '" + principal.getName() + "' may not move the demo's time: only an administrator may");
    }
    Duration step = parse(request.by());
    Duration ahead = clock.advance(step, principal.getName());
    return new ClockState(clock.now(), ahead);
  }

  private static Duration parse(String text) {
    Duration step;
    try {
      step = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("by", "must be an ISO-8601 duration such as P7D or PT12H, not '" + text + "'");
    }
    if (step.compareTo(DemoClock.MIN_STEP) < 0 || step.compareTo(DemoClock.MAX_STEP) > 0) {
      throw new InvalidInputException("by", "must be from PT1M to P366D, not " + text);
    }
    return step;
  }

  /** How far to move the time forward: an ISO-8601 duration ({@code P7D}, {@code PT12H}). */
  @StrictJson
  record AdvanceRequest(@NotBlank @Size(max = 32) @Schema(example = "P7D") String by) {}

  /** The demo's time, and how far it runs ahead of the real time. */
  record ClockState(Instant now, Duration ahead) {}
}
