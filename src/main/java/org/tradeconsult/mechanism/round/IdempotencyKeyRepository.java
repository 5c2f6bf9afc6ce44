package org.tradeconsult.mechanism.round;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code api_idempotency_key}: which request, by whom and with which key, created what. */
@Repository
class IdempotencyKeyRepository {

  private final JdbcClient jdbc;

  IdempotencyKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Claim> find(String userId, String key) {
    return jdbc.sql(
            """
            select operation, request_hash, resource_id from api_idempotency_key
            where user_id = :user and idempotency_key = :key
            """)
        .param("user", userId)
        .param("key", key)
        .query(Claim.class)
        .optional();
  }

  /**
   * Claims the key in the caller's transaction. While another open transaction holds the same
   * key, the database makes this wait; it then fails with a duplicate key (the other committed)
   * or goes through (the other rolled back).
   */
  void claim(String userId, String key, String operation, String requestHash, String resourceId, Instant now) {
    jdbc.sql(
            """
            insert into api_idempotency_key (user_id, idempotency_key, operation, request_hash, resource_id, created_at)
            values (:user, :key, :operation, :hash, :resource, :now)
            """)
        .param("user", userId)
        .param("key", key)
        .param("operation", operation)
        .param("hash", requestHash)
        .param("resource", resourceId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }

  /** A claimed key: what it was used for. */
  record Claim(String operation, String requestHash, String resourceId) {}
}
