package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule {@code docs/scaling.md} builds on: every SQL statement of the PostgreSQL adapter that touches a
 * conversation-scoped table names the conversation(s) it works on ({@code conversation_id = ?}, {@code = ANY},
 * or an {@code INSERT} of rows carrying it), so that a database distributed by {@code conversation_id} routes it
 * to the shards holding them; the few that cannot are the cross-conversation sweeps listed here, each with why.
 * The statements are read from the adapter's source: every string literal, joined across {@code +}, that starts
 * like a statement.
 */
class ConversationScopedSqlTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/turnengine/adapter/persistence/postgres");
    /** Tables whose rows belong to one conversation (distributed by conversation_id, co-located). */
    private static final Set<String> CONVERSATION_SCOPED = Set.of(
            "conversations", "turns", "journal", "idempotency_keys", "attachments", "tool_calls");
    /**
     * The statements that look across conversations, by a fragment of their text, and why. docs/scaling.md
     * lists the same; each runs on a timer or an operator's command, never on a request's path.
     */
    private static final Map<String, String> SWEEPS = Map.ofEntries(
            Map.entry("lease_until < ?", "expired leases: the recovery sweep of every node"),
            Map.entry("SET lease_until = ? WHERE status", "lease renewal: one node's running turns, wherever they are"),
            Map.entry("lease_owner = ? ORDER BY started_at", "a node's own running turns, at start and shutdown"),
            Map.entry("FROM turns q WHERE q.status", "conversations with queued turns and none running: the stall sweep"),
            Map.entry("interrupt_requested_at IS NOT NULL", "stored interrupts, told again after a LISTEN outage"),
            Map.entry("idempotency_keys WHERE expires_at", "expired idempotency keys: the purge"),
            Map.entry("WHERE c.tenant = ?", "a tenant's conversations, listed newest first"),
            Map.entry("last_activity_at <", "conversations past their retention: the expiry sweep"),
            Map.entry("deleted_at IS NOT NULL", "conversations marked deleted: the erasure sweep"),
            Map.entry("WHERE NOT c.closed", "answered tool calls of running turns, told again after a LISTEN outage"),
            Map.entry("SELECT count(*) FROM turns WHERE status", "queued turns on every node: the metrics gauge"));

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern JOINER = Pattern.compile("\\s*\\+\\s*(?:([\\w.]+(?:\\(\\))?)\\s*\\+\\s*)?");
    private static final Pattern STATEMENT = Pattern.compile("^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+([a-z_]+)\\b(?!\\s*\\()",
            Pattern.CASE_INSENSITIVE);
    /** The conversation compared with a parameter ({@code = ?}, {@code = ANY (?)}, {@code IN (?, …)}). */
    private static final Pattern SCOPED_FILTER = Pattern.compile("conversation_id\\s*(=\\s*(\\?|ANY\\b)|IN\\s*\\()",
            Pattern.CASE_INSENSITIVE);
    /** Conversations given as an array parameter and joined on ({@code FROM unnest(?::uuid[], …)}). */
    private static final Pattern ARRAY_OF_CONVERSATIONS = Pattern.compile("unnest\\(\\?::uuid\\[\\]",
            Pattern.CASE_INSENSITIVE);

    @Test
    void givenTheAdaptersSql_thenEveryStatementOnAConversationScopedTableNamesItsConversationsOrIsAListedSweep()
            throws IOException {
        List<String> statements = statements();
        assertThat(statements).as("statements found in the adapter's source").hasSizeGreaterThan(30);
        List<String> unscoped = new ArrayList<>();
        Set<String> sweepsSeen = new TreeSet<>();
        for (String sql : statements) {
            Set<String> scoped = new TreeSet<>();
            Matcher table = TABLE.matcher(sql);
            while (table.find()) {
                String name = table.group(1).toLowerCase(Locale.ROOT);
                if (CONVERSATION_SCOPED.contains(name)) {
                    scoped.add(name);
                }
            }
            if (scoped.isEmpty() || namesConversations(sql)) {
                continue;
            }
            SWEEPS.keySet().stream().filter(sql::contains).findFirst()
                    .ifPresentOrElse(sweepsSeen::add, () -> unscoped.add(scoped + ": " + sql));
        }
        assertThat(unscoped).as("statements on conversation-scoped tables without conversation_id").isEmpty();
        assertThat(sweepsSeen).as("every listed sweep still exists (remove those that do not)")
                .containsExactlyInAnyOrderElementsOf(SWEEPS.keySet());
    }

    @Test
    void givenAStatementAcrossConversations_thenTheRuleCatchesIt() {
        assertThat(namesConversations("SELECT seq FROM journal WHERE turn_id = ?")).isFalse();
        assertThat(namesConversations("SELECT 1 FROM turns q JOIN turns r ON r.conversation_id = q.conversation_id"))
                .isFalse();
        assertThat(namesConversations("SELECT seq FROM journal WHERE conversation_id = ? AND seq > ?")).isTrue();
        assertThat(namesConversations("INSERT INTO journal (conversation_id, seq) VALUES (?, ?)")).isTrue();
    }

    private static boolean namesConversations(String sql) {
        if (SCOPED_FILTER.matcher(sql).find() || ARRAY_OF_CONVERSATIONS.matcher(sql).find()) {
            return true;
        }
        // An INSERT whose rows carry their conversation goes to its shard (INSERT … SELECT included).
        return sql.trim().toUpperCase(Locale.ROOT).startsWith("INSERT") && sql.contains("conversation_id");
    }

    /** Every statement-like string in the adapter's main source, literals joined across {@code +}. */
    private static List<String> statements() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                Matcher literal = LITERAL.matcher(source);
                StringBuilder current = null;
                int end = -1;
                while (literal.find()) {
                    Matcher joiner = current == null ? null : JOINER.matcher(source.substring(end, literal.start()));
                    if (joiner != null && joiner.matches()) {
                        current.append(joiner.group(1) == null ? "" : "{" + joiner.group(1) + "}")
                                .append(literal.group(1));
                    } else {
                        keep(found, current);
                        current = new StringBuilder(literal.group(1));
                    }
                    end = literal.end();
                }
                keep(found, current);
            }
        }
        return found;
    }

    private static void keep(List<String> found, StringBuilder candidate) {
        if (candidate != null && STATEMENT.matcher(candidate).find()) {
            found.add(candidate.toString().replaceAll("\\s+", " "));
        }
    }
}
