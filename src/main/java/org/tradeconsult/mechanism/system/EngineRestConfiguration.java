package org.tradeconsult.mechanism.system;

import java.util.List;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Additions to Camunda's engine REST API (a Jersey application at {@code /engine-rest}). */
@Configuration(proxyBeanMethods = false)
class EngineRestConfiguration {

  @Bean
  ResourceConfigCustomizer negativePagingAnswers400() {
    return config -> config.register(PagingParametersFilter.class);
  }

  /**
   * How engine failures are answered, on {@code /engine-rest} and on the webapps' own engine API
   * ({@link WebappEngineApiProviders}) alike: refused input 400 with its field, gone 404,
   * conflict 409, outage 503, never 500.
   */
  static final List<Class<?>> FAILURE_MAPPERS = List.of(InvalidInputExceptionMapper.class,
      EngineRestFailureMapper.WrappedFailures.class, EngineRestFailureMapper.EngineFailures.class,
      EngineRestFailureMapper.TransactionFailures.class, EngineRestFailureMapper.DataAccessFailures.class);

  @Bean
  ResourceConfigCustomizer refusedInputGoneConflictAndOutageAreNot500() {
    return config -> FAILURE_MAPPERS.forEach(config::register);
  }
}
