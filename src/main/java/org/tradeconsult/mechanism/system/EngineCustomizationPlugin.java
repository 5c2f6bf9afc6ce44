package org.tradeconsult.mechanism.system;

import java.util.ArrayList;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.audit.AuditLog;

/** Engine-wide behaviour of the service; the starter applies every plugin bean. */
@Component
class EngineCustomizationPlugin extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(EngineCustomizationPlugin.class);

  /** Looked up when needed: the audit log needs the engine's data source, built after plugins. */
  private final ObjectProvider<AuditLog> auditLog;

  EngineCustomizationPlugin(ObjectProvider<AuditLog> auditLog) {
    this.auditLog = auditLog;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(new RefusalInterceptor(this::recordRefusal));
  }

  private void recordRefusal(AuthorizationException e) {
    String user = e.getUserId() == null ? "unknown" : e.getUserId();
    log.warn("MECH-SEC-002 engine refused {}: {}", user, e.getMessage());
    auditLog.getObject().recordIndependently(user, "AUTHORIZATION_REFUSED", "user", user, e.getMessage());
  }
}
