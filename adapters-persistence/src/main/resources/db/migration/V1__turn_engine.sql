-- The turn engine's storage. Every conversation-scoped table starts its key with conversation_id, so
-- the schema can be sharded by conversation (rows of one conversation always live together).
-- Message and event bodies are json (not jsonb): json keeps the text exactly as written, including
-- escaped NUL characters that PostgreSQL text and jsonb values cannot hold.

CREATE TABLE conversations (
    conversation_id   uuid        PRIMARY KEY,
    tenant            text        NOT NULL,
    agent             text        NOT NULL,
    channel           text        NOT NULL,
    last_turn_channel text        NOT NULL,
    created_at        timestamptz NOT NULL,
    -- The sequence of the conversation's latest journal event. Every append locks this row, bumps it and
    -- inserts the events in one transaction, which keeps the sequence gap-free and commits it in order.
    last_seq          bigint      NOT NULL DEFAULT 0
);

CREATE TABLE turns (
    conversation_id uuid        NOT NULL REFERENCES conversations (conversation_id),
    turn_id         uuid        NOT NULL,
    accepted_seq    bigint      NOT NULL,
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'interrupted', 'failed')),
    source          text        NOT NULL,
    message         json        NOT NULL,
    -- The final event's body (status, text, error, usage) once the turn has ended.
    outcome         json,
    accepted_at     timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    PRIMARY KEY (conversation_id, turn_id),
    UNIQUE (conversation_id, accepted_seq),
    CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
);

-- At most one running turn per conversation, whatever node runs it.
CREATE UNIQUE INDEX turns_one_running ON turns (conversation_id) WHERE status = 'running';
CREATE INDEX turns_active ON turns (conversation_id, accepted_seq) WHERE status IN ('queued', 'running');
CREATE INDEX turns_queued ON turns (conversation_id) WHERE status = 'queued';
CREATE INDEX turns_lease_until ON turns (lease_until) WHERE status = 'running';
CREATE INDEX turns_lease_owner ON turns (lease_owner) WHERE status = 'running';

CREATE TABLE journal (
    conversation_id uuid        NOT NULL,
    seq             bigint      NOT NULL,
    turn_id         uuid        NOT NULL,
    type            text        NOT NULL,
    payload         json        NOT NULL,
    at              timestamptz NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

CREATE INDEX journal_turn ON journal (conversation_id, turn_id, seq);

CREATE TABLE idempotency_keys (
    conversation_id uuid        NOT NULL,
    tenant          text        NOT NULL,
    idempotency_key text        NOT NULL,
    fingerprint     text        NOT NULL,
    turn_id         uuid        NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (conversation_id, tenant, idempotency_key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE access_tokens (
    token_hash text        PRIMARY KEY,
    tenant     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE TABLE browser_presence (
    tenant          text        NOT NULL,
    token_hash      text        NOT NULL,
    connected_until timestamptz NOT NULL,
    PRIMARY KEY (tenant, token_hash)
);
