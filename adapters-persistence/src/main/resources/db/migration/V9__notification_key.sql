-- The secret that nodes sign the events they send each other with (NOTIFY payloads): any role that can connect
-- may NOTIFY on a channel, but only the engine's role can read this row. Filled in by the first node to start.
CREATE TABLE notification_key (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret text    NOT NULL
);
