package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;

/** {@code GET /api/v1/rounds/{id}}: a round, where it stands, who it waits for, and what it produced. */
@Schema(name = "RoundDetails")
record RoundDetails(
    RoundSummary round,
    @Schema(description = "Every status the round has been in, oldest first") List<StatusChange> statusHistory,
    Awaited awaited,
    Agenda agenda,
    Outcome outcome,
    List<Commitment> commitments,
    @Schema(nullable = true, description = "The round's joint statement (state, release instant; digest and public link once released; never the embargoed texts); null when there is none")
        StatementRef statement,
    String processInstanceId,
    Links links) {

  /** Who the round is waiting for now. */
  record Awaited(List<String> sides, List<OpenTask> tasks) {}

  /** An open task of the round. */
  record OpenTask(
      String taskId,
      String activityId,
      String name,
      @Schema(description = "The side(s) the task is offered to") List<String> sides,
      @Schema(description = "SECRETARIAT or CO_LEAD") String role,
      OffsetDateTime since,
      @Schema(description = "The task in Camunda Tasklist") String tasklist) {}

  /** The topics of the start, each side's proposal, and the agenda the convening side finalised. */
  record Agenda(List<String> topics, List<Proposal> proposals, String finalAgenda) {}

  /** What one side proposed: topics, agenda items and its delegation. */
  record Proposal(String side, List<String> topics, String agendaItems, String delegation) {}

  /** The sessions held, the outcome form, and the readouts published. */
  record Outcome(String outcomeForm, int sessionCount, int rejectionCount, List<Session> sessions, List<Readout> readouts) {}

  /** One recorded session. */
  record Session(int sessionNo, String itemOutcomes, String outcomeForm, String commitments, String recordedBy, OffsetDateTime recordedAt) {}

  /** One side's published readout. */
  record Readout(String side, String text, OffsetDateTime publishedAt, String recordedBy) {}

  /** Where to see the round: this API, Cockpit and Tasklist (paths on this server). */
  record Links(String self, String cockpit, String tasklist) {}

  /** The joint statement of a round, without its texts. */
  public record StatementRef(
      String id, String status, java.time.OffsetDateTime releaseAt, java.time.OffsetDateTime releasedAt, String digest, String publicUrl) {}
}
