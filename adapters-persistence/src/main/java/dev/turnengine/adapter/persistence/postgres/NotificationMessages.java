package dev.turnengine.adapter.persistence.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.domain.Utf8;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What nodes say to each other on the journal channel ({@link JournalNotifier} sends, {@code PostgresStorage}
 * reads): announcements, space-separated {@code conversation:seq} entries; events messages,
 * {@code {"mac":"…","events":[…]}}, whose array is signed with the schema's {@link NotificationKey}; and watch
 * messages, {@code w <node> <conversation> …}, naming conversations that have streams on the sending node. Every
 * payload stays under PostgreSQL's 8,000-byte NOTIFY limit.
 */
final class NotificationMessages {

    /** NOTIFY payloads must stay under 8,000 bytes; announcement entries are about 50 each. */
    static final int MAX_PAYLOAD_BYTES = 7_000;
    /** An event larger than this never goes along with its announcement: its conversation is only announced. */
    static final int MAX_EVENT_BYTES = 4_000;
    /**
     * At most this many bytes of one conversation's events go along in a round (a few messages); past it, only the
     * announcement, and that conversation's watchers on other nodes read the journal. About 90 small deltas: a
     * conversation streaming faster than that in a round's 20 ms is rare, and worth a read.
     */
    static final int MAX_ROUND_EVENT_BYTES = 16_000;

    private NotificationMessages() {
    }

    /** The payloads announcing {@code latest}: space-separated {@code conversation:seq} entries, each under the limit. */
    static List<String> announcements(Map<ConversationId, Long> latest) {
        return spaced("", latest.entrySet().stream().map(entry -> entry.getKey() + ":" + entry.getValue()).toList());
    }

    /**
     * {@code items} separated by spaces after {@code head} (followed by a space unless empty), in as many payloads
     * as the limit needs, each starting with {@code head}; none when there are no items.
     */
    private static List<String> spaced(String head, List<String> items) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(head);
        for (String item : items) {
            if (payload.length() > head.length() && payload.length() + 1 + item.length() > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload.setLength(0);
                payload.append(head);
            }
            payload.append(payload.length() == 0 ? "" : " ").append(item);
        }
        if (payload.length() > head.length()) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /** The entries of a payload ({@link #announcements}); malformed ones are left out. */
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

    /** One event as the JSON object an events message carries, and its size in UTF-8 (counted once, here). */
    record EncodedEvent(String json, int bytes) {
    }

    /** Each event as the JSON object an events message carries; empty when one would not fit in a message. */
    static List<EncodedEvent> encode(List<JournalEvent> events) {
        List<EncodedEvent> encoded = new ArrayList<>(events.size());
        for (JournalEvent event : events) {
            String json = "{\"c\":\"" + event.conversationId() + "\",\"s\":" + event.seq() + ",\"t\":\""
                    + event.turnId() + "\",\"y\":\"" + event.event().type() + "\",\"p\":"
                    + JsonCodec.event(event.event()) + ",\"a\":[" + event.at().getEpochSecond() + ","
                    + event.at().getNano() + "]}"; // two numbers: parsing an ISO instant cost more than the rest
            long bytes = Utf8.length(json);
            if (bytes > MAX_EVENT_BYTES) {
                return List.of();
            }
            encoded.add(new EncodedEvent(json, (int) bytes));
        }
        return encoded;
    }

    /**
     * The events messages of a round: {@code {"mac":"…","events":[…]}}, each under the payload limit, the events
     * of a conversation in sequence order, the array signed with {@code key} ({@link NotificationKey}).
     */
    static List<String> eventPayloads(List<EncodedEvent> encodedEvents, NotificationKey key) {
        int limit = MAX_PAYLOAD_BYTES - SIGNED_PREFIX.length() - SIGNATURE_CHARS - EVENTS_FIELD.length() - 1;
        List<String> payloads = new ArrayList<>();
        StringBuilder array = new StringBuilder();
        int bytes = 0; // of the array being built, once it is closed
        for (EncodedEvent encoded : encodedEvents) {
            String event = encoded.json();
            int size = encoded.bytes();
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
                        JsonCodec.event(item.get("y").asText(), item.get("p")),
                        Instant.ofEpochSecond(item.get("a").get(0).asLong(), item.get("a").get(1).asLong())));
            }
        } catch (RuntimeException e) {
            return Map.of(); // the announcement that follows still says where the journal is
        }
        return events;
    }

    private static final String WATCH_PREFIX = "w ";

    /** Conversations with streams on {@code node}, as they appear in a watch message. */
    record Watching(String node, List<ConversationId> conversations) {
    }

    /**
     * The watch messages naming {@code conversations} as watched on {@code node} (a word without spaces): each
     * {@code w <node> <conversation> …}, under the limit.
     */
    static List<String> watching(String node, Collection<ConversationId> conversations) {
        return spaced(WATCH_PREFIX + node, conversations.stream().map(ConversationId::toString).toList());
    }

    /** Whether a payload is a watch message ({@link #watching}). */
    static boolean isWatching(String payload) {
        return payload.startsWith(WATCH_PREFIX);
    }

    /** The node and conversations of a watch message; malformed conversation ids are left out. */
    static Optional<Watching> parseWatching(String payload) {
        String[] words = payload.split(" ");
        if (words.length < 2 || !words[0].equals(WATCH_PREFIX.strip()) || words[1].isEmpty()) {
            return Optional.empty();
        }
        List<ConversationId> conversations = new ArrayList<>(words.length - 2);
        for (int i = 2; i < words.length; i++) {
            ConversationId.parse(words[i]).ifPresent(conversations::add);
        }
        return Optional.of(new Watching(words[1], conversations));
    }
}
