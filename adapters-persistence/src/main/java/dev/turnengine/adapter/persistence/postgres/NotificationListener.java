package dev.turnengine.adapter.persistence.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one dedicated connection LISTENing on the engine's channels and hands each notification on. When
 * the connection is lost it reconnects with back-off, and after every (re)connection runs
 * {@code onConnected} with the fresh connection, since notifications sent meanwhile are gone; if that
 * fails on the connection, it counts as lost and the whole is tried again.
 */
final class NotificationListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NotificationListener.class.getName());
    private static final int POLL_MILLIS = 250;
    private static final long PING_MILLIS = 5_000;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final DatabaseUrl url;
    private final String applicationName;
    private final List<String> channels;
    private final BiConsumer<String, String> onNotification;
    private final Connected onConnected;
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;

    NotificationListener(DatabaseUrl url, String applicationName, List<String> channels,
            BiConsumer<String, String> onNotification, Connected onConnected) {
        this.url = url;
        this.applicationName = applicationName;
        this.channels = List.copyOf(channels);
        this.onNotification = onNotification;
        this.onConnected = onConnected;
        this.thread = Thread.ofPlatform().daemon().name("journal-listener").start(this::run);
    }

    /** Waits until the first LISTEN is in place; false when that took longer than {@code millis}. */
    boolean awaitListening(long millis) throws InterruptedException {
        return firstConnection.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : channels) {
                        statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                    }
                }
                onConnected.connected(connection);
                backoff = 100;
                firstConnection.countDown();
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "lost the notification connection; reconnecting: " + e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Catches up on what notifications may have been missed, on the connection that now listens. */
    @FunctionalInterface
    interface Connected {

        void connected(Connection connection) throws SQLException;
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    runQuietly(() -> onNotification.accept(notification.getName(), notification.getParameter()));
                }
            }
            if (System.nanoTime() - lastPing > TimeUnit.MILLISECONDS.toNanos(PING_MILLIS)) {
                // A silent connection may be a dead one: a round trip makes the driver find out.
                try (Statement ping = connection.createStatement()) {
                    ping.execute("SELECT 1");
                }
                lastPing = System.nanoTime();
            }
        }
    }

    private Connection connect() throws SQLException {
        return url.openSession(applicationName);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a notification handler failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
