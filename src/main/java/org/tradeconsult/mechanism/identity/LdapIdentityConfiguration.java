package org.tradeconsult.mechanism.identity;

import org.camunda.bpm.identity.impl.ldap.plugin.LdapIdentityProviderPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code ldap} profile: the engine reads users, groups and memberships from a directory
 * instead of its own tables, and its identity service becomes read-only. Nobody who administers
 * this service (Camunda Admin, {@code /engine-rest}, start-up configuration) can then create a
 * co-lead or add anyone to a side's group; only the directory's own administrators can.
 * Authorizations stay in the engine's database ({@link IdentityBootstrap} keeps them).
 */
@Configuration(proxyBeanMethods = false)
@Profile("ldap")
class LdapIdentityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LdapIdentityConfiguration.class);

  /** The starter applies every {@code ProcessEnginePlugin} bean to the engine. */
  @Bean
  LdapIdentityProviderPlugin ldapIdentityProviderPlugin(LdapProperties properties) {
    require(properties.serverUrl(), "server-url (LDAP_URL)");
    require(properties.managerDn(), "manager-dn (LDAP_MANAGER_DN)");
    require(properties.managerPassword(), "manager-password (LDAP_MANAGER_PASSWORD)");
    LdapIdentityProviderPlugin plugin = new LdapIdentityProviderPlugin();
    plugin.setServerUrl(properties.serverUrl());
    plugin.setManagerDn(properties.managerDn());
    plugin.setManagerPassword(properties.managerPassword());
    plugin.setBaseDn(properties.baseDn());
    plugin.setUserSearchBase(properties.userSearchBase());
    plugin.setUserSearchFilter(properties.userSearchFilter());
    plugin.setUserIdAttribute(properties.userIdAttribute());
    plugin.setUserFirstnameAttribute(properties.userFirstnameAttribute());
    plugin.setUserLastnameAttribute(properties.userLastnameAttribute());
    plugin.setUserEmailAttribute(properties.userEmailAttribute());
    plugin.setGroupSearchBase(properties.groupSearchBase());
    plugin.setGroupSearchFilter(properties.groupSearchFilter());
    plugin.setGroupIdAttribute(properties.groupIdAttribute());
    plugin.setGroupNameAttribute(properties.groupNameAttribute());
    plugin.setGroupMemberAttribute(properties.groupMemberAttribute());
    plugin.setUseSsl(properties.useSsl());
    plugin.setSortControlSupported(properties.sortControlSupported());
    plugin.setPageSize(properties.pageSize());
    plugin.setAuthorizationCheckEnabled(properties.authorizationCheckEnabled());
    // Never an anonymous bind as a login: an empty password is a failed login.
    plugin.setAllowAnonymousLogin(false);
    log.info("MECH-ID-030 identity is read from the LDAP directory {} (base {})", properties.serverUrl(), properties.baseDn());
    return plugin;
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("MECH-ID-031 the ldap profile needs mechanism.ldap." + name);
    }
  }
}
