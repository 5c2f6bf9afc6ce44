package org.tradeconsult.mechanism.system;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A database outage answers 503 on every path, including the login check before any controller. */
@Configuration(proxyBeanMethods = false)
class DatabaseOutageConfiguration {

  @Bean
  FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ProblemResponses problems) {
    FilterRegistrationBean<DatabaseUnavailableFilter> registration =
        new FilterRegistrationBean<>(new DatabaseUnavailableFilter(problems));
    // just outside Spring Security, which checks credentials against the database
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
