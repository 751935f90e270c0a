package dev.turnengine.adapter.persistence.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Tells other nodes, outside the transactions that wrote them, which conversations' journals moved on: after
 * each commit the writer hands over the conversation and its latest sequence, and one thread sends all that
 * gathered since its last round as a few NOTIFYs in one transaction of its own. PostgreSQL serialises the
 * commits of notifying transactions behind each other's WAL flush; so no turn or delta transaction notifies,
 * and this one commits asynchronously (a notification does not outlive a server crash anyway).
 *
 * <p>Small events travel with the announcement (an {@linkplain #eventPayloads events message} ahead of the
 * {@code conversation:seq} list), so another node delivers them to its streams without reading them back from
 * the journal; a conversation whose events of the round exceed {@link #MAX_EVENT_BYTES} is only announced, and
 * its watchers read the journal as before. A receiver that missed a message, or got events out of order, finds
 * the gap and reads the journal: the events in a message are a shortcut, never the only way.
 *
 * <p>A node that dies between a commit and the notification leaves it unsent; {@code PostgresStorage}'s
 * periodic check of the watched conversations catches that, as it does a LISTEN outage.
 *
 * <p>Nobody else to tell, nothing sent: about once a second the notifier looks for other nodes' listening
 * sessions on the database (by their application name, which names the schema's channel), and while there are
 * none it drops what it gathered, so a single node spends no transaction on notifications. A node that starts
 * meanwhile reads the journal when its streams open and is told from the next check on; until then the same
 * periodic check covers it.
 */
final class JournalNotifier implements AutoCloseable {

    /** NOTIFY payloads must stay under 8,000 bytes; entries are about 50 each. */
    static final int MAX_PAYLOAD_CHARS = 7_000;
    /** At most this many bytes of one conversation's events go along in a round; past it, only the announcement. */
    static final int MAX_EVENT_BYTES = 4_000;
    private static final System.Logger LOG = System.getLogger(JournalNotifier.class.getName());
    private static final long RETRY_MILLIS = 200;
    /**
     * A round goes out once the previous one is this old, with whatever gathered meanwhile. So a node sends at
     * most 50 notification transactions a second however busy it is, and an event after a quiet spell goes out
     * at once; an event during a busy spell waits at most this long (cross-node delivery only: streams on the
     * node that wrote it are told directly).
     */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A round that would carry this many conversations goes out early, once the previous is this old. */
    static final long FULL_ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Conversations that make a round worth sending early: the transaction is spread over this many. */
    static final int FULL_ROUND = 16;

    /**
     * How other nodes' listening sessions are recognised: their application name matches {@code pattern} (an
     * SQL {@code LIKE} pattern) and is not {@code own}.
     */
    record Peers(String pattern, String own) {
    }

    private static final long PEER_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DatabaseUrl url;
    private final NotificationKey key;
    private final String applicationName;
    private final String channel;
    private final Peers peers;
    private long peersCheckedAt = System.nanoTime() - PEER_CHECK_NANOS;
    private volatile boolean peersListening = true;
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
    private final Object lock = new Object();
    private Map<ConversationId, Pending> pending = new HashMap<>();

    /** What a round will say of one conversation: its latest sequence and, while they fit, its events. */
    private static final class Pending {

        private long latestSeq;
        /** Encoded events by sequence; null once they outgrew {@link #MAX_EVENT_BYTES}. */
        private TreeMap<Long, String> events = new TreeMap<>();
        private int bytes;

        void add(List<JournalEvent> published, List<String> encoded) {
            if (events == null) {
                return;
            }
            if (encoded.isEmpty()) { // nobody listened when they were published: announce only
                events = null;
                return;
            }
            for (int i = 0; i < published.size() && events != null; i++) {
                if (events.putIfAbsent(published.get(i).seq(), encoded.get(i)) == null) {
                    bytes += utf8Length(encoded.get(i));
                    if (bytes > MAX_EVENT_BYTES) {
                        events = null;
                    }
                }
            }
        }
    }
    private final Thread thread;
    private Connection connection;
    private volatile boolean closed;

    JournalNotifier(DatabaseUrl url, String applicationName, String channel, Peers peers, NotificationKey key) {
        this.key = key;
        this.url = url;
        this.applicationName = applicationName;
        this.channel = channel;
        this.peers = peers;
        this.thread = Thread.ofPlatform().daemon().name("journal-notifier").start(this::run);
    }

    /** Records events of the conversation just committed, in order; they go along with the announcement. */
    void committed(ConversationId conversationId, List<JournalEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // Encoded here, on the committing thread, and only while another node listens.
        List<String> encoded = peersListening ? encode(events) : List.of();
        synchronized (lock) {
            Pending entry = pending.computeIfAbsent(conversationId, id -> new Pending());
            entry.latestSeq = Math.max(entry.latestSeq, events.getLast().seq());
            entry.add(events, encoded);
            if (pending.size() == 1 || pending.size() == FULL_ROUND) {
                lock.notifyAll(); // work to do, or enough to send early: otherwise the notifier is already timed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    /** The payloads announcing {@code latest}: space-separated {@code conversation:seq} entries, each under the limit. */
    static List<String> payloads(Map<ConversationId, Long> latest) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (Map.Entry<ConversationId, Long> entry : latest.entrySet()) {
            String item = entry.getKey() + ":" + entry.getValue();
            if (payload.length() > 0 && payload.length() + 1 + item.length() > MAX_PAYLOAD_CHARS) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.length() == 0 ? "" : " ").append(item);
        }
        if (payload.length() > 0) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /** The entries of a payload ({@link #payloads}); malformed ones are left out. */
    static Map<ConversationId, Long> parse(String payload) {
        Map<ConversationId, Long> latest = new HashMap<>();
        for (String item : payload.split(" ")) {
            int colon = item.indexOf(':');
            if (colon < 0) {
                continue;
            }
            Optional<ConversationId> id = ConversationId.parse(item.substring(0, colon));
            try {
                long seq = Long.parseLong(item.substring(colon + 1));
                id.ifPresent(conversation -> latest.merge(conversation, seq, Math::max));
            } catch (NumberFormatException e) {
                // left out, like any malformed entry
            }
        }
        return latest;
    }

    /** Each event as the JSON object an events message carries; empty when one would not fit in a message. */
    static List<String> encode(List<JournalEvent> events) {
        List<String> encoded = new ArrayList<>(events.size());
        for (JournalEvent event : events) {
            String json = "{\"c\":\"" + event.conversationId() + "\",\"s\":" + event.seq() + ",\"t\":\""
                    + event.turnId() + "\",\"y\":\"" + event.event().type() + "\",\"p\":"
                    + JsonCodec.event(event.event()) + ",\"a\":\"" + event.at() + "\"}";
            if (utf8Length(json) > MAX_EVENT_BYTES) {
                return List.of();
            }
            encoded.add(json);
        }
        return encoded;
    }

    /**
     * The events messages of a round: {@code {"mac":"…","events":[…]}}, each under the payload limit, the events
     * of a conversation in sequence order, the array signed with {@code key} ({@link NotificationKey}).
     */
    static List<String> eventPayloads(List<String> encodedEvents, NotificationKey key) {
        int limit = MAX_PAYLOAD_CHARS - SIGNED_PREFIX.length() - SIGNATURE_CHARS - EVENTS_FIELD.length() - 1;
        List<String> payloads = new ArrayList<>();
        StringBuilder array = new StringBuilder();
        int bytes = 0; // of the array being built, once it is closed
        for (String event : encodedEvents) {
            int size = utf8Length(event);
            if (array.length() > 0 && bytes + 1 + size > limit) {
                payloads.add(signed(array.append(']').toString(), key));
                array.setLength(0);
            }
            if (array.length() == 0) {
                array.append('[').append(event);
                bytes = size + 2;
            } else {
                array.append(',').append(event);
                bytes += 1 + size;
            }
        }
        if (array.length() > 0) {
            payloads.add(signed(array.append(']').toString(), key));
        }
        return payloads;
    }

    private static final String SIGNED_PREFIX = "{\"mac\":\"";
    private static final String EVENTS_FIELD = "\",\"events\":";
    private static final int SIGNATURE_CHARS = 43;

    private static String signed(String array, NotificationKey key) {
        return SIGNED_PREFIX + key.sign(array) + EVENTS_FIELD + array + "}";
    }

    /** Whether a payload is an events message rather than a {@code conversation:seq} list. */
    static boolean carriesEvents(String payload) {
        return payload.startsWith("{");
    }

    /**
     * The events of an events message by conversation, in order; empty when it cannot be read or its signature
     * is not {@code key}'s (anyone who can connect may NOTIFY; only the engine's role knows the key).
     */
    static Map<ConversationId, List<JournalEvent>> parseEvents(String payload, NotificationKey key) {
        int arrayAt = SIGNED_PREFIX.length() + SIGNATURE_CHARS + EVENTS_FIELD.length();
        if (payload.length() <= arrayAt || !payload.startsWith(SIGNED_PREFIX) || !payload.endsWith("}")
                || !payload.startsWith(EVENTS_FIELD, arrayAt - EVENTS_FIELD.length())) {
            return Map.of();
        }
        String array = payload.substring(arrayAt, payload.length() - 1);
        if (!key.verifies(array, payload.substring(SIGNED_PREFIX.length(), SIGNED_PREFIX.length() + SIGNATURE_CHARS))) {
            return Map.of();
        }
        Map<ConversationId, List<JournalEvent>> events = new LinkedHashMap<>();
        try {
            for (JsonNode item : JsonCodec.read(array)) {
                ConversationId conversation = new ConversationId(UUID.fromString(item.get("c").asText()));
                events.computeIfAbsent(conversation, id -> new ArrayList<>()).add(new JournalEvent(conversation,
                        item.get("s").asLong(), new TurnId(UUID.fromString(item.get("t").asText())),
                        JsonCodec.event(item.get("y").asText(), item.get("p")), Instant.parse(item.get("a").asText())));
            }
        } catch (RuntimeException e) {
            return Map.of(); // the announcement that follows still says where the journal is
        }
        return events;
    }

    static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2; // a surrogate pair is 4 bytes in all
            }
        }
        return bytes;
    }

    /**
     * How long to wait before the next round, with {@code pending} conversations gathered and the last round
     * {@code sinceLastRound} ago: 0 to send now.
     */
    static long holdNanos(int pending, long sinceLastRound) {
        long hold = (pending >= FULL_ROUND ? FULL_ROUND_NANOS : HOLD_NANOS) - sinceLastRound;
        return Math.max(0, hold);
    }

    private void run() {
        long lastRound = System.nanoTime() - HOLD_NANOS;
        while (true) {
            Map<ConversationId, Pending> batch;
            synchronized (lock) {
                while (!closed) {
                    if (pending.isEmpty()) {
                        waitForWork(0);
                        continue;
                    }
                    long hold = holdNanos(pending.size(), System.nanoTime() - lastRound);
                    if (hold == 0) {
                        break;
                    }
                    waitForWork(hold);
                }
                if (closed && pending.isEmpty()) {
                    return;
                }
                batch = pending;
                pending = new HashMap<>();
            }
            lastRound = System.nanoTime();
            if (!send(batch)) {
                synchronized (lock) {
                    // Sent again as announcements only: receivers read the journal for the events.
                    batch.forEach((id, entry) -> {
                        Pending again = pending.computeIfAbsent(id, key -> new Pending());
                        again.latestSeq = Math.max(again.latestSeq, entry.latestSeq);
                        again.events = null;
                    });
                }
                if (closed) {
                    return;
                }
                sleep();
            }
        }
    }

    /** Waits on the lock for at most {@code nanos} (0: until woken); the caller holds the lock. */
    private void waitForWork(long nanos) {
        try {
            if (nanos == 0) {
                lock.wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(lock, nanos);
            }
        } catch (InterruptedException e) {
            closed = true; // the thread is being stopped: send what is pending and end
        }
    }

    /** Notification rounds sent so far. */
    long rounds() {
        return rounds.get();
    }

    private boolean send(Map<ConversationId, Pending> batch) {
        try {
            Connection open = connection();
            if (!peersListening(open)) {
                return true; // nobody else listens: nothing to tell
            }
            Map<ConversationId, Long> latest = new HashMap<>();
            List<String> events = new ArrayList<>();
            batch.forEach((id, entry) -> {
                latest.put(id, entry.latestSeq);
                if (entry.events != null) {
                    events.addAll(entry.events.values());
                }
            });
            // Events first, then the announcements: a receiver has the events before it hears of them.
            List<String> payloads = new ArrayList<>(eventPayloads(events, key));
            payloads.addAll(payloads(latest));
            try (PreparedStatement notify = open.prepareStatement(
                    "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload")) {
                notify.setString(1, channel);
                notify.setArray(2, open.createArrayOf("text", payloads.toArray()));
                notify.execute();
            }
            open.commit();
            rounds.incrementAndGet();
            return true;
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "could not notify other nodes; retrying: " + e.getMessage());
            closeConnection();
            return false;
        }
    }

    /** Whether another node listens, as last seen; looked up again when the last look is a second old. */
    private boolean peersListening(Connection open) throws SQLException {
        if (System.nanoTime() - peersCheckedAt < PEER_CHECK_NANOS) {
            return peersListening;
        }
        try (PreparedStatement query = open.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name LIKE ? AND application_name <> ?)")) {
            query.setString(1, peers.pattern());
            query.setString(2, peers.own());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                peersListening = rows.getBoolean(1);
            }
        }
        open.commit();
        peersCheckedAt = System.nanoTime();
        return peersListening;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties properties = new Properties();
            url.user().ifPresent(user -> properties.setProperty("user", user));
            url.password().ifPresent(password -> properties.setProperty("password", password));
            properties.setProperty("connectTimeout", "3");
            properties.setProperty("socketTimeout", "10");
            properties.setProperty("tcpKeepAlive", "true");
            properties.setProperty("ApplicationName", applicationName);
            Connection opened = DriverManager.getConnection(url.jdbcUrl(), properties);
            try (Statement setup = opened.createStatement()) {
                // The notification is worth nothing after a crash, so its commit need not wait for the disk.
                setup.execute("SET synchronous_commit = off");
            }
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already gone
            }
            connection = null;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
