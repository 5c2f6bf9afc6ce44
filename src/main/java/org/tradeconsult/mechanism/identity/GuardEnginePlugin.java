package org.tradeconsult.mechanism.identity;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.audit.AuditLog;

/** Puts {@link EngineCommandGuard} inside every engine command; the starter applies plugin beans. */
@Component
class GuardEnginePlugin extends AbstractProcessEnginePlugin {

  /** Looked up when needed: the audit log needs the engine's data source, built after plugins. */
  private final ObjectProvider<AuditLog> auditLog;

  GuardEnginePlugin(ObjectProvider<AuditLog> auditLog) {
    this.auditLog = auditLog;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequired().add(new EngineCommandGuard(auditLog));
  }
}
