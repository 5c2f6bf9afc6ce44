package org.tradeconsult.mechanism.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/** {@code GET /api/v1/dashboard}: what the status board at {@code /dashboard} shows. */
@RestController
@Tag(name = "Dashboard", description = "The status board's data")
class DashboardController {

  private final DashboardService dashboards;

  DashboardController(DashboardService dashboards) {
    this.dashboards = dashboards;
  }

  @GetMapping(path = "/api/v1/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "The status board",
      description = "Rounds by status, the rounds under way with the side awaited and the next deadline, recently "
          + "ended rounds, open tasks per side and role, upcoming statement releases (round and instant only) and "
          + "commitments due, overdue and in their periods. Read from the service's indexed status tables; any "
          + "signed-in member of the mechanism may read it.",
      responses = {
        @ApiResponse(responseCode = "200", description = "The board", content = @Content(
            schema = @Schema(implementation = Dashboard.class), examples = @ExampleObject(name = "board", value = """
                {"generatedAt": "2027-03-10T08:00:00Z",
                 "roundsByStatus": {"REQUESTED": 0, "AWAITING_COUNTERPART": 0, "PREPARING": 1, "IN_SESSION": 0,
                   "AWAITING_CO_LEAD_APPROVAL": 0, "AWAITING_LEADERS": 0, "COMMUNICATING_OUTCOME": 0, "IMPLEMENTING": 0,
                   "CONCLUDED": 0, "NO_AGREEMENT": 0, "DECLINED": 0, "LAPSED": 0, "CANCELLED": 0},
                 "activeRoundsByLevel": {"DEPUTY": 1}, "activeRoundsTotal": 1,
                 "activeRounds": [{"id": "R-20270315-K7Q2XM", "title": "Deputy-level round on export controls",
                   "level": "DEPUTY", "type": "REGULAR", "conveningSide": "US", "host": "US", "venue": "Washington",
                   "startDate": "2027-03-15", "endDate": "2027-03-16", "status": "PREPARING",
                   "statusSince": "2027-03-01T08:00:00Z", "daysInStatus": 9, "awaitedSides": ["CN"],
                   "awaitedTasks": ["Agree the agenda"],
                   "nextDeadline": {"at": "2027-03-15T00:00:00Z", "what": "The round starts"},
                   "links": {"self": "/api/v1/rounds/R-20270315-K7Q2XM", "tasklist": "/camunda/app/tasklist/default/#/",
                     "cockpit": "/camunda/app/cockpit/default/#/process-instance/"}}],
                 "recentlyEnded": [], "waiting": [], "upcomingReleases": [],
                 "commitments": {"byStatus": {"PENDING": 0}, "dueSoon": [], "overdue": [], "periods": []}}"""))),
        @ApiResponse(responseCode = "400", description = "Any query parameter: the board takes none")
      })
  ResponseEntity<Dashboard> dashboard(HttpServletRequest request) {
    request.getParameterNames().asIterator().forEachRemaining(name -> {
      throw new InvalidInputException(name, "is not a parameter of this endpoint");
    });
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dashboards.read());
  }
}
