package org.tradeconsult.mechanism.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.identity.impl.ldap.plugin.LdapIdentityProviderPlugin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class LdapIdentityConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(LdapProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(Properties.class, LdapIdentityConfiguration.class)
      .withPropertyValues(
          "mechanism.ldap.server-url=ldap://directory.example:389",
          "mechanism.ldap.manager-dn=cn=camunda,ou=services,dc=mechanism,dc=example",
          "mechanism.ldap.base-dn=dc=mechanism,dc=example");

  @Test
  void withoutTheLdapProfileTheEngineKeepsItsOwnIdentityStore() {
    runner.withPropertyValues("mechanism.ldap.manager-password=secret")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LdapIdentityProviderPlugin.class));
  }

  @Test
  void theLdapProfileConfiguresThePluginFromMechanismLdap() {
    runner.withPropertyValues("mechanism.ldap.manager-password=secret", "mechanism.ldap.group-id-attribute=ou")
        .withInitializer(context -> context.getEnvironment().setActiveProfiles("ldap"))
        .run(context -> {
          LdapIdentityProviderPlugin plugin = context.getBean(LdapIdentityProviderPlugin.class);
          assertThat(plugin.getServerUrl()).isEqualTo("ldap://directory.example:389");
          assertThat(plugin.getManagerPassword()).isEqualTo("secret");
          assertThat(plugin.getGroupIdAttribute()).isEqualTo("ou");
          assertThat(plugin.getGroupMemberAttribute()).isEqualTo("member");
          assertThat(plugin.getUserSearchFilter()).isEqualTo("(objectclass=person)");
          assertThat(plugin.isAuthorizationCheckEnabled()).isTrue();
          assertThat(plugin.isAllowAnonymousLogin()).isFalse();
        });
  }

  @Test
  void theLdapProfileRefusesToStartWithoutTheManagerPassword() {
    runner.withInitializer(context -> context.getEnvironment().setActiveProfiles("ldap"))
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("MECH-ID-031").hasStackTraceContaining("LDAP_MANAGER_PASSWORD"));
  }
}
