-- An interrupt request is stored on the running turn as well as announced with NOTIFY. A node whose
-- LISTEN connection was down when the request was announced finds it when it listens again.
ALTER TABLE turns ADD COLUMN interrupt_requested_at timestamptz;

CREATE INDEX turns_interrupt_requested ON turns (conversation_id)
    WHERE status = 'running' AND interrupt_requested_at IS NOT NULL;
