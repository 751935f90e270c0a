-- The journal's tool calls alone. Every admission that starts a turn reads the conversation's last turns and, for
-- each, whether it called tools; without this index each of those checks read every journal row of that turn.
-- Building it reads the journal once, and writes to the journal wait meanwhile. (CONCURRENTLY would not make them
-- wait, but it waits for the migration tool's own open transaction, so the migration would never end.)
CREATE INDEX journal_tool_calls ON journal (conversation_id, turn_id) WHERE type = 'tool_call';
