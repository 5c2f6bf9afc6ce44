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
import org.tradeconsult.mechanism.identity.CurrentUserService;

/** Engine-wide behaviour of the service; the starter applies every plugin bean. */
@Component
class EngineCustomizationPlugin extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(EngineCustomizationPlugin.class);

  /** Looked up when needed: the audit log needs the engine's data source, built after plugins. */
  private final ObjectProvider<AuditLog> auditLog;
  private final ObjectProvider<CurrentUserService> users;

  EngineCustomizationPlugin(ObjectProvider<AuditLog> auditLog, ObjectProvider<CurrentUserService> users) {
    this.auditLog = auditLog;
    this.users = users;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(new RefusalInterceptor(this::recordRefusal));
  }

  private void recordRefusal(AuthorizationException e) {
    // Our own refusals (e.g. "only a secretariat may convene") carry no user id: the caller is
    // still the authenticated user of this thread.
    String user = e.getUserId() != null ? e.getUserId() : users.getObject().currentActor();
    log.warn("MECH-SEC-002 engine refused {}: {}", user, e.getMessage());
    auditLog.getObject().recordIndependently(user, "AUTHORIZATION_REFUSED", "user", user, e.getMessage());
  }
}
