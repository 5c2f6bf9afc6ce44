package org.tradeconsult.mechanism.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code /dashboard} is the board's page, served from {@code static/dashboard/}. */
@Configuration(proxyBeanMethods = false)
class DashboardPages implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/dashboard").setViewName("forward:/dashboard/index.html");
    registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
  }
}
