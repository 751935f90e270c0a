-- Listing, deleting and expiring conversations; webhook endpoints and their outbox.

-- When the conversation's latest message was accepted (else when it was created): the listing order and
-- what retention measures idleness by. Kept by the admit transaction.
ALTER TABLE conversations ADD COLUMN last_activity_at timestamptz;
UPDATE conversations c SET last_activity_at = COALESCE(
    (SELECT max(t.accepted_at) FROM turns t WHERE t.conversation_id = c.conversation_id), c.created_at);
ALTER TABLE conversations ALTER COLUMN last_activity_at SET NOT NULL;

-- Set when a deletion has ended the conversation's turns; its rows are removed a moment later (so that open
-- streams on every node can still read the finals). Every lookup treats such a conversation as absent.
ALTER TABLE conversations ADD COLUMN deleted_at timestamptz;

-- Keyset paging of one tenant's conversations, newest activity first.
CREATE INDEX conversations_tenant_activity ON conversations (tenant, last_activity_at DESC, conversation_id DESC)
    WHERE deleted_at IS NULL;
-- The retention purge walks the idlest conversations of every tenant.
CREATE INDEX conversations_activity ON conversations (last_activity_at) WHERE deleted_at IS NULL;
CREATE INDEX conversations_deleted ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE webhooks (
    tenant     text        PRIMARY KEY,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row per ended turn of a tenant with an endpoint, written in the transaction that writes the final.
-- The tenant's, not the conversation's: deleting the conversation leaves it.
CREATE TABLE webhook_deliveries (
    turn_id         uuid        PRIMARY KEY,
    tenant          text        NOT NULL,
    conversation_id uuid        NOT NULL,
    outcome         json        NOT NULL,
    ended_at        timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    last_error      text
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
CREATE INDEX webhook_deliveries_tenant ON webhook_deliveries (tenant);
