package org.tradeconsult.mechanism.system;

import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Makes the process engine wait for Flyway. Both write to the same empty database on a first
 * start; if the engine created its tables first, Flyway would find a non-empty schema without
 * its history table and refuse to migrate. Registered in {@code META-INF/spring.factories}.
 */
public class ProcessEngineDatabaseInitializationDetector
    extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

  @Override
  protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
    return Set.of(ProcessEngine.class);
  }
}
