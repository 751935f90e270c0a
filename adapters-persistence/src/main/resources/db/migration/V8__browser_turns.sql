-- The caller whose browser serves each browser_session turn: while one of the turn's computer_* calls waits, the
-- engine checks that this caller's presence (browser_presence) has not lapsed. Removed with the turn.
CREATE TABLE browser_turns (
    conversation_id uuid NOT NULL,
    turn_id         uuid NOT NULL,
    tenant          text NOT NULL,
    token_hash      text NOT NULL,
    PRIMARY KEY (conversation_id, turn_id),
    FOREIGN KEY (conversation_id, turn_id) REFERENCES turns (conversation_id, turn_id) ON DELETE CASCADE
);
