package org.tradeconsult.mechanism.commitment;

import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.MechanismGroup;

/**
 * What the API reads about commitments. Commitments are not embargoed: every member of a
 * mechanism group (co-leads, secretariats, observers, administrators) may read them all.
 */
@Service
class CommitmentQueries {

  private final CommitmentService commitments;
  private final CurrentUserService users;

  CommitmentQueries(CommitmentService commitments, CurrentUserService users) {
    this.commitments = commitments;
    this.users = users;
  }

  CommitmentPage search(CommitmentQuery query) {
    checkMayRead();
    return commitments.search(query);
  }

  CommitmentController.CommitmentDetails details(String id) {
    checkMayRead();
    CommitmentView commitment = commitments.find(id).orElseThrow(() -> new CommitmentNotFoundException(id));
    return new CommitmentController.CommitmentDetails(commitment, commitments.statusHistory(id));
  }

  private void checkMayRead() {
    if (users.currentGroups().stream().map(MechanismGroup::byGroupId).noneMatch(Optional::isPresent)) {
      throw new AuthorizationException("User '" + users.currentActor() + "' may not read commitments: only members of the mechanism's groups may");
    }
  }
}
