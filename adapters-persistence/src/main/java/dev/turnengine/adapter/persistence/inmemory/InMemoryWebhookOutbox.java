package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.WebhookOutbox;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.webhook.WebhookDelivery;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The webhook outbox kept in memory; every method holds the outbox's monitor. */
public final class InMemoryWebhookOutbox implements WebhookOutbox {

    private static final class Entry {
        final TenantId tenant;
        final ConversationId conversationId;
        final TurnId turnId;
        final TurnFinal ending;
        final Instant endedAt;
        int attempts;
        Instant nextAttemptAt;
        Instant claimedUntil;

        Entry(TenantId tenant, ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant endedAt) {
            this.tenant = tenant;
            this.conversationId = conversationId;
            this.turnId = turnId;
            this.ending = ending;
            this.endedAt = endedAt;
            this.nextAttemptAt = endedAt;
        }
    }

    private final Map<TurnId, Entry> entries = new LinkedHashMap<>();
    private final Map<TenantId, WebhookEndpoint> endpoints;

    /** An outbox over the endpoints {@link InMemoryWebhookEndpoints} keeps in {@code endpoints}. */
    InMemoryWebhookOutbox(Map<TenantId, WebhookEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /** Called with the turn's conversation locked, as its final is journaled. */
    synchronized void enqueue(TenantId tenant, ConversationId conversationId, TurnId turnId, TurnFinal ending,
            Instant endedAt) {
        if (endpoints.containsKey(tenant)) {
            entries.putIfAbsent(turnId, new Entry(tenant, conversationId, turnId, ending, endedAt));
        }
    }

    synchronized void dropTenant(TenantId tenant) {
        entries.values().removeIf(entry -> entry.tenant.equals(tenant));
    }

    @Override
    public synchronized List<WebhookDelivery> claim(
            Instant now, Instant claimUntil, int limit, int perTenant, Set<TenantId> excluded) {
        List<Entry> due = entries.values().stream()
                .filter(entry -> !entry.nextAttemptAt.isAfter(now))
                .filter(entry -> entry.claimedUntil == null || entry.claimedUntil.isBefore(now))
                .filter(entry -> !excluded.contains(entry.tenant))
                .sorted(Comparator.comparing((Entry entry) -> entry.nextAttemptAt))
                .toList();
        Map<TenantId, Integer> taken = new HashMap<>();
        List<WebhookDelivery> claimed = new ArrayList<>();
        for (Entry entry : due) {
            if (claimed.size() >= limit) {
                break;
            }
            Optional<WebhookEndpoint> endpoint = Optional.ofNullable(endpoints.get(entry.tenant));
            if (endpoint.isEmpty() || taken.getOrDefault(entry.tenant, 0) >= perTenant) {
                continue;
            }
            taken.merge(entry.tenant, 1, Integer::sum);
            entry.claimedUntil = claimUntil;
            claimed.add(new WebhookDelivery(endpoint.get(), entry.conversationId, entry.turnId, entry.ending,
                    entry.endedAt, entry.attempts));
        }
        return claimed;
    }

    @Override
    public synchronized void delivered(TurnId turnId) {
        entries.remove(turnId);
    }

    @Override
    public synchronized void retryAt(TurnId turnId, Instant next, String error) {
        Entry entry = entries.get(turnId);
        if (entry != null) {
            entry.attempts++;
            entry.nextAttemptAt = next;
            entry.claimedUntil = null;
        }
    }

    @Override
    public synchronized void release(TurnId turnId) {
        Entry entry = entries.get(turnId);
        if (entry != null) {
            entry.claimedUntil = null;
        }
    }

    @Override
    public synchronized void drop(TurnId turnId) {
        entries.remove(turnId);
    }

    @Override
    public synchronized int pending() {
        return entries.size();
    }
}
