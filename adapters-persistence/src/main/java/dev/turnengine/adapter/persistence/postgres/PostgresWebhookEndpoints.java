package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.WebhookEndpoints;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import dev.turnengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Webhook endpoints in PostgreSQL, one row per tenant. */
public final class PostgresWebhookEndpoints implements WebhookEndpoints {

    private final Jdbc jdbc;

    PostgresWebhookEndpoints(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(WebhookEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        jdbc.query(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO webhooks (tenant, url, secret, "
                    + "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET url = excluded.url, "
                    + "secret = excluded.secret, updated_at = excluded.updated_at")) {
                upsert.setString(1, endpoint.tenant().value());
                upsert.setString(2, endpoint.url().toString());
                upsert.setString(3, endpoint.secret().value());
                Jdbc.setInstant(upsert, 4, Jdbc.storable(Instant.now()));
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<WebhookEndpoint> find(TenantId tenant) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT url, secret FROM webhooks WHERE tenant = ?")) {
                query.setString(1, tenant.value());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new WebhookEndpoint(tenant, URI.create(rows.getString(1)),
                                    new WebhookSecret(rows.getString(2))))
                            : Optional.<WebhookEndpoint>empty();
                }
            }
        });
    }

    @Override
    public boolean delete(TenantId tenant) {
        return jdbc.transaction(connection -> {
            try (PreparedStatement drop = connection.prepareStatement("DELETE FROM webhook_deliveries WHERE tenant = ?")) {
                drop.setString(1, tenant.value());
                drop.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM webhooks WHERE tenant = ?")) {
                delete.setString(1, tenant.value());
                return delete.executeUpdate() > 0;
            }
        });
    }
}
