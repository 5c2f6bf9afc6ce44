package org.tradeconsult.mechanism.system;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Tasklist and Cockpit reach the engine through the webapps' own copy of the engine REST API
 * ({@code /camunda/api/engine}, the servlet "Engine Api" that Camunda's starter registers), not
 * through {@code /engine-rest}. The same failure mappers answer there, so that a refused answer
 * in Tasklist names its field exactly as over {@code /engine-rest}. Must run after Camunda's
 * initializer, which registers that servlet: an auto-configuration after Camunda's declares it,
 * so that it comes after Camunda's among initializers of the same (lowest) order.
 */
class WebappEngineApiProviders implements ServletContextInitializer {

  /** Declares the initializer after Camunda's webapp configuration (see the class comment). */
  @AutoConfiguration(afterName = "org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration")
  static class AfterCamundaWebapps {
    @Bean
    WebappEngineApiProviders webappEngineApiProviders() {
      return new WebappEngineApiProviders();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(WebappEngineApiProviders.class);

  static final String SERVLET = "Engine Api";

  @Override
  public void onStartup(ServletContext servletContext) {
    ServletRegistration engineApi = servletContext.getServletRegistration(SERVLET);
    if (engineApi == null) {
      log.warn("MECH-WEB-001 no servlet '{}' to add the failure mappers to", SERVLET);
      return;
    }
    String providers = EngineRestConfiguration.FAILURE_MAPPERS.stream()
        .map(Class::getName)
        .collect(Collectors.joining(","));
    if (!engineApi.setInitParameter("jersey.config.server.provider.classnames", providers)) {
      log.warn("MECH-WEB-002 servlet '{}' has its own providers; the failure mappers are not added", SERVLET);
    }
  }
}
