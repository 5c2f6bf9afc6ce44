package org.tradeconsult.mechanism.identity;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.audit.AuditLog;

/**
 * Checks HTTP Basic credentials against Camunda's identity service, the one user store of the
 * service (Tasklist and Cockpit log in against it too). Camunda's own login throttling applies:
 * after failed attempts a user is refused for a growing delay, whatever the password.
 */
@Component
public class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  /** Prefix of the authorities that carry the user's Camunda group ids. */
  static final String GROUP_AUTHORITY_PREFIX = "GROUP_";

  private final IdentityService identityService;
  private final AuditLog auditLog;

  CamundaIdentityAuthenticationProvider(IdentityService identityService, AuditLog auditLog) {
    this.identityService = identityService;
    this.auditLog = auditLog;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    Object credentials = authentication.getCredentials();
    if (userId == null || userId.isBlank() || credentials == null) {
      throw new BadCredentialsException("Bad credentials");
    }
    if (!identityService.checkPassword(userId, credentials.toString())) {
      auditLog.record(userId, "LOGIN_FAILED", "user", userId, "HTTP Basic");
      throw new BadCredentialsException("Bad credentials");
    }
    List<GrantedAuthority> authorities =
        identityService.createGroupQuery().groupMember(userId).list().stream()
            .map(Group::getId)
            .<GrantedAuthority>map(id -> new SimpleGrantedAuthority(GROUP_AUTHORITY_PREFIX + id))
            .toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  /** The Camunda group ids carried by an authentication this provider issued. */
  public static List<String> groupIds(Authentication authentication) {
    return authentication.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .filter(a -> a.startsWith(GROUP_AUTHORITY_PREFIX))
        .map(a -> a.substring(GROUP_AUTHORITY_PREFIX.length()))
        .toList();
  }
}
