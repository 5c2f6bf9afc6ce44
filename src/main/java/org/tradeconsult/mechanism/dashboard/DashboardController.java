package org.tradeconsult.mechanism.dashboard;

import io.swagger.v3.oas.annotations.Operation;
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
          + "signed-in member of the mechanism may read it.")
  ResponseEntity<Dashboard> dashboard(HttpServletRequest request) {
    request.getParameterNames().asIterator().forEachRemaining(name -> {
      throw new InvalidInputException(name, "is not a parameter of this endpoint");
    });
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dashboards.read());
  }
}
