package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tradeconsult.mechanism.identity.CurrentUser;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * Starts rounds for our API: checks who asks and everything they sent before anything starts,
 * then starts the process as that user (so {@code initiator} and the registration's own checks
 * see them), with a round id of ours as business key.
 *
 * <p>With an {@code Idempotency-Key} the key is claimed in the transaction that starts the round
 * (see {@code V4__idempotency.sql}): a retry, or a duplicate that arrives while the first is still
 * running, gets the same round, never a second one; a request that fails leaves the key free.
 */
@Service
public class RoundStartService {

  static final String OPERATION = "POST /api/v1/rounds";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_IDEMPOTENCY_KEY = 100;

  private static final Logger log = LoggerFactory.getLogger(RoundStartService.class);
  private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]*[\\x21-\\x7E])?");
  /** How long a duplicate waits for the first request with its key, where the database gives up sooner (H2). */
  private static final Duration CLAIM_PATIENCE = Duration.ofSeconds(30);
  private static final int MAX_DUPLICATE_RETRIES = 3;

  private final RuntimeService runtimeService;
  private final RoundService rounds;
  private final CurrentUserService users;
  private final RoundProperties properties;
  private final IdempotencyKeyRepository keys;
  private final ObjectMapper objectMapper;
  private final Clock clock;
  private final TransactionTemplate transaction;

  RoundStartService(
      RuntimeService runtimeService,
      RoundService rounds,
      CurrentUserService users,
      RoundProperties properties,
      IdempotencyKeyRepository keys,
      ObjectMapper objectMapper,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.runtimeService = runtimeService;
    this.rounds = rounds;
    this.users = users;
    this.properties = properties;
    this.keys = keys;
    this.objectMapper = objectMapper;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** Starts the round, or finds the one an earlier request with the same key started. */
  public StartedRound start(RoundStartRequest request, String idempotencyKey) {
    String user = users.currentActor();
    if (idempotencyKey == null) {
      CheckedStart checked = check(request, user);
      return new StartedRound(transaction.execute(status -> startProcess(rounds.newRoundId(), checked, user)), true);
    }
    checkKeyFormat(idempotencyKey);
    String hash = requestHash(request);
    long giveUpAt = System.nanoTime() + CLAIM_PATIENCE.toNanos();
    int duplicates = 0;
    CheckedStart checked = null;
    while (true) {
      // A replay is answered from the key alone: the dates of the original may have passed since.
      Optional<IdempotencyKeyRepository.Claim> claim = keys.find(user, idempotencyKey);
      if (claim.isPresent()) {
        return replay(claim.get(), hash, idempotencyKey);
      }
      if (checked == null) {
        checked = check(request, user);
      }
      CheckedStart start = checked;
      try {
        String roundId = transaction.execute(status -> {
          String id = rounds.newRoundId();
          keys.claim(user, idempotencyKey, OPERATION, hash, id, clock.instant());
          return startProcess(id, start, user);
        });
        return new StartedRound(roundId, true);
      } catch (DuplicateKeyException e) {
        // Another request with this key committed first; the next look-up finds its round.
        if (++duplicates > MAX_DUPLICATE_RETRIES) {
          throw e;
        }
        log.info("MECH-API-004 a request with idempotency key {} of {} waited for the first one with that key", idempotencyKey, user);
      } catch (PessimisticLockingFailureException e) {
        // PostgreSQL waits for the other transaction as long as it takes; H2 gives up after a second.
        if (System.nanoTime() > giveUpAt) {
          throw new IdempotencyKeyInUseException(idempotencyKey);
        }
        log.debug("MECH-API-003 waiting for the first request with idempotency key {} of {}", idempotencyKey, user);
      }
    }
  }

  private StartedRound replay(IdempotencyKeyRepository.Claim claim, String hash, String key) {
    if (!OPERATION.equals(claim.operation()) || !hash.equals(claim.requestHash())) {
      throw new IdempotencyKeyReusedException(key, claim.resourceId());
    }
    log.info("MECH-API-002 idempotent replay of key {}: round {}", key, claim.resourceId());
    return new StartedRound(claim.resourceId(), false);
  }

  /** Who may start what, and every field, exactly as the process's registration checks them. */
  private CheckedStart check(RoundStartRequest request, String user) {
    CurrentUser caller = users.describe(user);
    List<Side> secretariatOf = caller.sides().stream().filter(side -> caller.actsAs(side, Role.SECRETARIAT)).toList();
    if (secretariatOf.isEmpty()) {
      throw new AuthorizationException("User '" + user + "' may not start a round: only a secretariat may");
    }
    Inputs in = Inputs.of(request.values());
    LocalDate today = rounds.today();
    List<String> catalogue = properties.topics();

    FieldErrors errors = new FieldErrors();
    RoundType type = errors.check(() -> in.requiredEnum(RoundStartRequest.TYPE, RoundType.class));
    if (type == RoundType.REGULAR) {
      errors.check(() -> in.requiredEnum(LEVEL, RoundLevel.class));
      errors.check(() -> in.requiredLine(TITLE, RoundInputs.MAX_TITLE));
      errors.check(() -> in.requiredDate(START_DATE));
      errors.check(() -> in.requiredDate(END_DATE));
      for (String adHocOnly : List.of(REQUESTING_SIDE, URGENT)) {
        if (request.values().containsKey(adHocOnly)) {
          errors.reject(adHocOnly, "applies only to AD_HOC rounds; a REGULAR round is convened by the caller's own side");
        }
      }
    } else if (type == RoundType.AD_HOC) {
      errors.check(() -> in.requiredEnum(REQUESTING_SIDE, Side.class));
      errors.check(() -> in.optionalEnum(LEVEL, RoundLevel.class));
      errors.check(() -> in.optionalLine(TITLE, RoundInputs.MAX_TITLE));
      errors.check(() -> in.optionalDate(START_DATE));
      errors.check(() -> in.optionalDate(END_DATE));
      errors.check(() -> in.flag(URGENT, false));
    }
    errors.check(() -> in.optionalEnum(REQUESTED_HOST, Host.class));
    errors.check(() -> in.optionalLine(VENUE, RoundInputs.MAX_VENUE));
    errors.check(() -> RoundInputs.topics(in, catalogue));
    errors.check(() -> in.flag(LEADERS_ENDORSEMENT_REQUIRED, false));
    errors.check(() -> type == RoundType.AD_HOC ? in.requiredText(REASON, RoundInputs.MAX_REASON) : in.optionalText(REASON, RoundInputs.MAX_REASON));
    errors.throwIfAny();

    // The rules across fields (dates), and the same reading the process will do.
    if (type == RoundType.REGULAR) {
      if (secretariatOf.size() != 1) {
        throw new AuthorizationException("User '" + user + "' belongs to both secretariats, so the convening side is unclear");
      }
      return new CheckedStart(type, RoundInputs.convened(in, secretariatOf.get(0), today, catalogue));
    }
    NewRound round = RoundInputs.requested(in, today, catalogue);
    if (!caller.actsAs(round.conveningSide(), Role.SECRETARIAT)) {
      throw new AuthorizationException("User '" + user + "' may not request a round for " + round.conveningSide()
          + " (field '" + REQUESTING_SIDE + "'): only that side's secretariat may");
    }
    return new CheckedStart(type, round);
  }

  private static void checkKeyFormat(String key) {
    if (key.length() > MAX_IDEMPOTENCY_KEY || !KEY_FORMAT.matcher(key).matches()) {
      throw new InvalidInputException(IDEMPOTENCY_KEY,
          "must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters (a UUID is a good choice)");
    }
  }

  /** The operation and the body with its fields in a fixed order: whitespace and key order do not count. */
  private String requestHash(RoundStartRequest request) {
    try {
      String canonical = OPERATION + "\n" + objectMapper.writeValueAsString(new TreeMap<>(request.values()));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash the request", e);
    }
  }

  /** In the caller's transaction, as the caller: the engine checks its rights and sets {@code initiator}. */
  private String startProcess(String roundId, CheckedStart start, String user) {
    MDC.put("businessKey", roundId);
    try {
      Map<String, Object> variables = variables(start);
      if (start.type() == RoundType.REGULAR) {
        runtimeService.startProcessInstanceByKey(RoundProcess.KEY, roundId, variables);
      } else {
        runtimeService
            .createMessageCorrelation(RoundProcess.MSG_AD_HOC_ROUND_REQUESTED)
            .processInstanceBusinessKey(roundId)
            .setVariables(variables)
            .correlateStartMessage();
      }
      log.info("MECH-API-001 {} started round {} ({}) through the API", user, roundId, start.type());
      return roundId;
    } finally {
      MDC.remove("businessKey");
    }
  }

  /** The checked values, normalised, under the names of the start form and the request message. */
  private static Map<String, Object> variables(CheckedStart start) {
    NewRound round = start.round();
    Map<String, Object> variables = new HashMap<>();
    variables.put(LEVEL, round.level().name());
    variables.put(TITLE, round.title());
    variables.put(LEADERS_ENDORSEMENT_REQUIRED, round.leadersEndorsementRequired());
    // Catalogue codes, so a comma never occurs inside one; the registration stores them as a JSON list.
    variables.put(TOPICS, String.join(",", round.topics()));
    putIfPresent(variables, REASON, round.reason());
    putIfPresent(variables, REQUESTED_HOST, round.requestedHost() == null ? null : round.requestedHost().name());
    putIfPresent(variables, VENUE, round.venue());
    putIfPresent(variables, START_DATE, round.startDate() == null ? null : round.startDate().toString());
    putIfPresent(variables, END_DATE, round.endDate() == null ? null : round.endDate().toString());
    if (start.type() == RoundType.AD_HOC) {
      variables.put(REQUESTING_SIDE, round.conveningSide().name());
      variables.put(URGENT, round.urgent());
    }
    return variables;
  }

  private static void putIfPresent(Map<String, Object> variables, String name, Object value) {
    if (value != null) {
      variables.put(name, value);
    }
  }

  /** The round an API request started or, for a replay, had started. */
  public record StartedRound(String roundId, boolean created) {}

  private record CheckedStart(RoundType type, NewRound round) {}
}
