package org.tradeconsult.mechanism.round;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/rounds}: a round's status and history, and its cancellation. */
@RestController
@RequestMapping("/api/v1/rounds")
class RoundController {

  private final RoundService rounds;
  private final RoundCommandService commands;

  RoundController(RoundService rounds, RoundCommandService commands) {
    this.rounds = rounds;
    this.commands = commands;
  }

  @GetMapping("/{id}")
  RoundView get(@PathVariable String id) {
    Round round = rounds.find(id).orElseThrow(() -> new RoundNotFoundException(id));
    return new RoundView(round, rounds.statusHistory(id), rounds.openTaskActivities(id));
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<RoundView> cancel(@PathVariable String id, @Valid @RequestBody CancelRequest request) {
    commands.cancel(id, request.reason());
    return ResponseEntity.ok(get(id));
  }

  /** Why the round is cancelled. */
  record CancelRequest(@NotBlank @Size(max = 4000) String reason) {}

  /** A round with its status history and the tasks it waits for. */
  record RoundView(Round round, java.util.List<StatusChange> statusHistory, java.util.List<String> openTasks) {}
}
