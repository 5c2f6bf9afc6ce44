package org.tradeconsult.mechanism.system;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Additions to Camunda's engine REST API (a Jersey application at {@code /engine-rest}). */
@Configuration(proxyBeanMethods = false)
class EngineRestConfiguration {

  @Bean
  ResourceConfigCustomizer invalidInputAnswers400() {
    return config -> config.register(InvalidInputExceptionMapper.class);
  }

  @Bean
  ResourceConfigCustomizer negativePagingAnswers400() {
    return config -> config.register(PagingParametersFilter.class);
  }

  @Bean
  ResourceConfigCustomizer refusedInputGoneConflictAndOutageAreNot500() {
    return config -> config
        .register(EngineRestFailureMapper.WrappedFailures.class)
        .register(EngineRestFailureMapper.EngineFailures.class)
        .register(EngineRestFailureMapper.TransactionFailures.class)
        .register(EngineRestFailureMapper.DataAccessFailures.class);
  }
}
