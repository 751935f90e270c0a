-- Attachment bytes live apart from the message row: turn lists and the agent's history read the
-- message's text and attachment metadata (sizes included) only, and the bytes are read once, for the
-- turn that carries them, when it runs. Rows written before keep their bytes inline in the message and
-- stay readable as they are.
CREATE TABLE attachments (
    conversation_id  uuid    NOT NULL,
    turn_id          uuid    NOT NULL,
    -- The attachment's place in the message's attachments array.
    attachment_index integer NOT NULL,
    data             bytea   NOT NULL,
    PRIMARY KEY (conversation_id, turn_id, attachment_index),
    FOREIGN KEY (conversation_id, turn_id) REFERENCES turns (conversation_id, turn_id) ON DELETE CASCADE
);
