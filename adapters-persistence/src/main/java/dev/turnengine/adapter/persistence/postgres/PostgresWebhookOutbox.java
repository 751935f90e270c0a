package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.WebhookOutbox;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.webhook.WebhookDelivery;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import dev.turnengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook outbox in PostgreSQL. Nodes claim deliveries with {@code FOR UPDATE SKIP LOCKED} and a claim
 * lease ({@code claimed_until}): a claimed row is skipped by every other node until the lease passes, and the
 * lock's re-check of the due and lease conditions keeps two nodes from claiming one row in a race.
 */
public final class PostgresWebhookOutbox implements WebhookOutbox {

    /** How many due rows one claim ranks per tenant before locking; bounds the work of one claim. */
    private static final int CANDIDATES = 1_000;

    private final Jdbc jdbc;

    PostgresWebhookOutbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<WebhookDelivery> claim(
            Instant now, Instant claimUntil, int limit, int perTenant, Set<TenantId> excluded) {
        if (limit <= 0 || perTenant <= 0) {
            return List.of();
        }
        Instant at = Jdbc.storable(now);
        return jdbc.transaction(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("WITH ranked AS ("
                    + " SELECT turn_id, row_number() OVER (PARTITION BY tenant ORDER BY next_attempt_at) AS rank"
                    + " FROM (SELECT turn_id, tenant, next_attempt_at FROM webhook_deliveries"
                    + "  WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
                    + "  AND NOT (tenant = ANY (?)) ORDER BY next_attempt_at LIMIT " + CANDIDATES + ") due),"
                    + " locked AS (SELECT d.turn_id FROM webhook_deliveries d JOIN ranked r ON r.turn_id = d.turn_id"
                    + "  WHERE r.rank <= ? AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)"
                    + "  ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE OF d SKIP LOCKED)"
                    + " UPDATE webhook_deliveries d SET claimed_until = ? FROM locked l, webhooks w"
                    + " WHERE d.turn_id = l.turn_id AND w.tenant = d.tenant"
                    + " RETURNING d.turn_id, d.tenant, d.conversation_id, d.outcome, d.ended_at, d.attempts, w.url, w.secret")) {
                Jdbc.setInstant(claim, 1, at);
                Jdbc.setInstant(claim, 2, at);
                claim.setArray(3, connection.createArrayOf("text",
                        excluded.stream().map(TenantId::value).toArray()));
                claim.setInt(4, perTenant);
                Jdbc.setInstant(claim, 5, at);
                Jdbc.setInstant(claim, 6, at);
                claim.setInt(7, limit);
                Jdbc.setInstant(claim, 8, Jdbc.storable(claimUntil));
                List<WebhookDelivery> claimed = new ArrayList<>();
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        TenantId tenant = new TenantId(rows.getString("tenant"));
                        claimed.add(new WebhookDelivery(
                                new WebhookEndpoint(tenant, URI.create(rows.getString("url")),
                                        new WebhookSecret(rows.getString("secret"))),
                                new ConversationId(rows.getObject("conversation_id", UUID.class)),
                                new TurnId(rows.getObject("turn_id", UUID.class)),
                                JsonCodec.ending(rows.getString("outcome")),
                                Jdbc.getInstant(rows, "ended_at"),
                                rows.getInt("attempts")));
                    }
                }
                return claimed;
            }
        });
    }

    @Override
    public void delivered(TurnId turnId) {
        drop(turnId);
    }

    @Override
    public void retryAt(TurnId turnId, Instant next, String error) {
        update("UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, "
                + "last_error = ? WHERE turn_id = ?", turnId, Jdbc.storable(next), error);
    }

    @Override
    public void release(TurnId turnId) {
        update("UPDATE webhook_deliveries SET claimed_until = NULL WHERE turn_id = ?", turnId, null, null);
    }

    @Override
    public void drop(TurnId turnId) {
        update("DELETE FROM webhook_deliveries WHERE turn_id = ?", turnId, null, null);
    }

    @Override
    public int pending() {
        return jdbc.query(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM webhook_deliveries");
                    ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private void update(String sql, TurnId turnId, Instant next, String error) {
        jdbc.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                if (next != null) {
                    Jdbc.setInstant(statement, index++, next);
                    statement.setString(index++, error == null ? null : error.substring(0, Math.min(error.length(), 1_000)));
                }
                statement.setObject(index, turnId.value());
                return statement.executeUpdate();
            }
        });
    }
}
