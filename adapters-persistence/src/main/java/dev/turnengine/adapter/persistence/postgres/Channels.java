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
}
