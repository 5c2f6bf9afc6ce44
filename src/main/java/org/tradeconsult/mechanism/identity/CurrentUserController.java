package org.tradeconsult.mechanism.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tradeconsult.mechanism.round.ApiDocumentation;

/** {@code GET /api/v1/me}: who the caller is, which side it acts for and in which role. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Identity", description = "Who the caller is")
class CurrentUserController {

  private final CurrentUserService currentUserService;

  CurrentUserController(CurrentUserService currentUserService) {
    this.currentUserService = currentUserService;
  }

  @GetMapping
  @Operation(summary = "Who the caller is, which side it acts for and in which role",
      responses = @ApiResponse(responseCode = "200", description = "The caller", content = @Content(
          schema = @Schema(implementation = CurrentUser.class), examples = @ExampleObject(name = "secretariat", value = """
              {"userId": "us-secretary", "name": "Demo U.S. Secretariat", "groups": ["us-secretariat"],
               "sides": ["US"], "roles": ["SECRETARIAT"]}"""))),
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "It reads nothing of the request but its credentials")))
  CurrentUser me(Principal principal) {
    return currentUserService.describe(principal.getName());
  }
}
