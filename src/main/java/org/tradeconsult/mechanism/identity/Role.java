package org.tradeconsult.mechanism.identity;

/** What a member of a group may do in the mechanism (see the domain brief's role table). */
public enum Role {
  /** Approves round outcomes and signs off statements, for its own side only. */
  CO_LEAD,
  /** Convenes rounds, answers requests, records sessions, drafts texts, confirms commitments. */
  SECRETARIAT,
  /** Reads dashboards and status; changes nothing. */
  OBSERVER,
  /** Operates the system; must never approve or sign for a side. */
  ADMINISTRATOR
}
