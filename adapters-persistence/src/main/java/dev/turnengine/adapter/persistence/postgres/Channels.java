package dev.turnengine.adapter.persistence.postgres;

/**
 * The LISTEN/NOTIFY channels of one deployment. Channels are database-wide, so their names carry the
 * schema: engines on different schemas of one database do not hear each other.
 */
record Channels(String journal, String interrupts, String deletions, String toolAnswers) {

    static Channels forSchema(String schema) {
        return new Channels("turns_journal_" + schema, "turns_interrupt_" + schema, "turns_deleted_" + schema,
                "turns_tool_" + schema);
    }

    /**
     * What the listening session of {@code node} calls itself: the node's name and a mark of the journal channel,
     * so that nodes on these channels can find each other's listeners ({@code node} may be an SQL {@code LIKE}
     * pattern, to match them all).
     */
    String listenerName(String node) {
        return node + "-listener-" + Integer.toHexString(journal.hashCode());
    }
}
