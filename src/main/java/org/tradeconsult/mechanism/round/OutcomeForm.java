package org.tradeconsult.mechanism.round;

/** How the outcome of a round is communicated. */
public enum OutcomeForm {
  /** One statement, in English and Chinese, released by both sides at one instant. */
  JOINT_STATEMENT,
  /** Each side publishes its own readout. */
  SEPARATE_READOUTS,
  /** Nothing was agreed. */
  NO_AGREEMENT
}
