package org.tradeconsult.mechanism.identity;

import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who the caller is, which side it acts for and in which role. */
@RestController
@RequestMapping("/api/v1/me")
class CurrentUserController {

  private final CurrentUserService currentUserService;

  CurrentUserController(CurrentUserService currentUserService) {
    this.currentUserService = currentUserService;
  }

  @GetMapping
  CurrentUser me(Principal principal) {
    return currentUserService.describe(principal.getName());
  }
}
