package dev.turnengine.adapter.persistence.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Whether another node listens on the schema's journal channel, as the {@link JournalNotifier} last saw: other
 * nodes' listening sessions are recognised by their application name ({@code pattern}, an SQL {@code LIKE}
 * pattern, other than {@code own}), looked up at most once a second on the notifier's connection.
 *
 * <p>While nobody else listens, a commit is not gathered at all; it only marks that a look is wanted, and the
 * notifier looks within a second of it. So a lone node spends no lock and no transaction on notifications, and an
 * idle one makes no query. {@link #listening()} and {@link #unheardCommit()} are for any thread; the rest is the
 * notifier thread's.
 */
final class NotificationPeers {

    /** The shortest time between two looks. */
    static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String pattern;
    private final String own;
    private long checkedAt = System.nanoTime() - CHECK_NANOS;
    /** As last seen; until the first look, assumed (so the first commits are gathered and the first send looks). */
    private volatile boolean listening = true;
    /** A commit went unheard since the last look: the next look is wanted. */
    private volatile boolean unheard;

    NotificationPeers(String pattern, String own) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.own = Objects.requireNonNull(own, "own");
    }

    /** Whether another node listened at the last look. */
    boolean listening() {
        return listening;
    }

    /** Notes that another node named conversations its streams watch: it listens, whatever the last look said. */
    void heardFromAnother() {
        if (!listening) {
            listening = true;
        }
    }

    /** Notes a commit that no other node hears of, so that the notifier looks for one again soon. */
    void unheardCommit() {
        if (!unheard) {
            unheard = true; // read before written: committing threads do not fight over the line for nothing
        }
    }

    /**
     * How long the notifier may wait before it should look again: 0 when a commit went unheard and the last look is
     * a second old; at most a second while nobody listens (a commit may come meanwhile without waking it); without
     * limit while another node listens (sending looks then).
     */
    long nanosUntilLook(long now) {
        if (listening) {
            return Long.MAX_VALUE;
        }
        return unheard ? Math.max(0, CHECK_NANOS - (now - checkedAt)) : CHECK_NANOS;
    }

    /** Whether another node listens, looked up on {@code connection} when the last look is a second old. */
    boolean check(Connection connection) throws SQLException {
        if (System.nanoTime() - checkedAt < CHECK_NANOS) {
            return listening;
        }
        unheard = false; // a commit from here on asks again
        try (PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name LIKE ? AND application_name <> ?)")) {
            query.setString(1, pattern);
            query.setString(2, own);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                listening = rows.getBoolean(1);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            unheard = true; // look again once the connection is back
            throw e;
        }
        checkedAt = System.nanoTime();
        return listening;
    }
}
