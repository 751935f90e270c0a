package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.port.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs statements and transactions on the pool. Every SQL failure leaves the transaction rolled back and
 * surfaces as {@link StorageUnavailableException}; failures of the caller's own logic pass through as they are.
 */
final class Jdbc {

    /** Work done with one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int ATTEMPTS = 3;
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in one transaction, retried when PostgreSQL reports a deadlock or serialization failure. */
    <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && isRetryable(e)) {
                    continue;
                }
                throw unavailable(e);
            }
        }
    }

    /** Like {@link #transaction}, but hands SQL failures to the caller (for example to react to a unique violation). */
    <T> T transactionOrSqlError(Work<T> work) throws SQLException {
        return attempt(work);
    }

    /** Runs read-only or single-statement work without an explicit transaction. */
    <T> T query(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private <T> T attempt(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    static StorageUnavailableException unavailable(SQLException e) {
        return new StorageUnavailableException("the database failed: " + e.getMessage(), e);
    }

    /** Binds an instant as {@code timestamptz}; null binds SQL NULL. */
    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            return;
        }
        statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Optional<Instant> getOptionalInstant(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(getInstant(rows, column));
    }

    /** PostgreSQL keeps microseconds; instants the adapter makes itself are cut to that so they read back equal. */
    static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
