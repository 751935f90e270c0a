-- The tool calls of turns, between their tool_call and tool_result events (which live in the journal): what each
-- waits for and the outside answers it took. An answer may reach any node: it is stored here (with its
-- tool_decision journaled in the same transaction) and announced with NOTIFY to the node running the turn; a node
-- whose LISTEN connection was down finds answered calls of running turns here when it listens again.
CREATE TABLE tool_calls (
    conversation_id   uuid    NOT NULL,
    turn_id           uuid    NOT NULL,
    call_id           text    NOT NULL,
    -- The journal sequence of the call's tool_call event: the order calls were made in.
    call_seq          bigint  NOT NULL,
    name              text    NOT NULL,
    executor          text    NOT NULL CHECK (executor IN ('server', 'browser')),
    requires_approval boolean NOT NULL,
    waiting_for       text    CHECK (waiting_for IN ('approval', 'browser')),
    -- {"decision": "approve"|"deny", "reason"?: text}
    decision          json,
    -- {"output": text, "is_error": bool} or {"image_b64": text, "content_type": text, "is_error": bool}
    browser_result    json,
    -- The tool_result is journaled (or the turn ended): no new answer is taken.
    closed            boolean NOT NULL DEFAULT false,
    PRIMARY KEY (conversation_id, turn_id, call_id),
    FOREIGN KEY (conversation_id, turn_id) REFERENCES turns (conversation_id, turn_id),
    CHECK (NOT (closed AND waiting_for IS NOT NULL))
);

CREATE INDEX tool_calls_answered ON tool_calls (conversation_id, turn_id)
    WHERE NOT closed AND (decision IS NOT NULL OR browser_result IS NOT NULL);
