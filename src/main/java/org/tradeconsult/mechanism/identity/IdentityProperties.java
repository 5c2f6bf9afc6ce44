package org.tradeconsult.mechanism.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Accounts the service creates at start-up. Nothing here holds a password in the repository:
 * the administrator comes from the environment, the other users only from the {@code demo}
 * profile.
 *
 * @param admin the administrator ({@code ADMIN_USER} / {@code ADMIN_PASSWORD}); skipped when
 *     either is blank
 * @param users further accounts, e.g. the demo users, one per group
 */
@ConfigurationProperties("mechanism.identity")
public record IdentityProperties(Account admin, List<Account> users) {

  public IdentityProperties {
    users = users == null ? List.of() : List.copyOf(users);
  }

  /**
   * One account. An existing user keeps its password: this only creates what is missing.
   *
   * @param id the login name
   * @param password the initial password
   * @param firstName shown in Tasklist
   * @param lastName shown in Tasklist
   * @param email optional
   * @param groups group ids the user is made a member of
   */
  public record Account(
      String id,
      String password,
      String firstName,
      String lastName,
      String email,
      List<String> groups) {

    public Account {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }

    boolean isComplete() {
      return id != null && !id.isBlank() && password != null && !password.isBlank();
    }
  }
}
