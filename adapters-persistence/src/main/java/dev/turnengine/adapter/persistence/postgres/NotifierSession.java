package dev.turnengine.adapter.persistence.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database session {@link JournalNotifier} sends its rounds on: its own connection, outside the pool, opened on
 * first use with {@code synchronous_commit = off} (a notification is worth nothing after a crash, so its commit need
 * not wait for the disk) and dropped after a failure, so the next use opens another. Used by the notifier's thread
 * alone.
 */
final class NotifierSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NotifierSession.class.getName());

    private final DatabaseUrl url;
    private final String applicationName;
    private Connection connection;

    NotifierSession(DatabaseUrl url, String applicationName) {
        this.url = url;
        this.applicationName = applicationName;
    }

    /** The open connection, opened now if there is none; its transactions are explicit. */
    Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = url.openSession(applicationName);
            try (Statement setup = opened.createStatement()) {
                setup.execute("SET synchronous_commit = off");
            }
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    /** Drops the connection after {@code e} kept the notifier from doing {@code what}; the next use opens another. */
    void failed(String what, SQLException e) {
        LOG.log(System.Logger.Level.WARNING, "could not " + what + "; retrying: " + e.getMessage());
        close();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already gone
            }
            connection = null;
        }
    }
}
