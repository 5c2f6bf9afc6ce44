package org.tradeconsult.mechanism.round;

import java.util.List;

/**
 * What the secretariat recorded of one session.
 *
 * @param itemOutcomes one line per agenda item: {@code item | AGREED|NOT_AGREED|DEFERRED}
 * @param outcomeForm how the outcome is to be communicated
 * @param commitmentsText the commitments as entered
 * @param commitments the commitments, parsed
 */
record SessionRecord(String itemOutcomes, OutcomeForm outcomeForm, String commitmentsText, List<CommitmentDraft> commitments) {}
