package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.turn.ConversationSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant with 100,000 conversations pages like one with ten: the plan of a page deep in the list is a
 * range scan of the listing index, with no sort and no scan of the tenant's other rows. The plan is
 * asserted, not a time.
 */
class ConversationPagesPlanTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId BIG = new TenantId("big");
    private static final TenantId SMALL = new TenantId("small");

    @BeforeAll
    static void manyConversations() throws SQLException {
        DATABASE.freshStorage();
        String schema = DATABASE.url().schema();
        try (Statement statement = DATABASE.admin().createStatement()) {
            statement.execute("INSERT INTO " + schema + ".conversations (conversation_id, tenant, agent, channel, "
                    + "last_turn_channel, created_at, last_activity_at) SELECT gen_random_uuid(), "
                    + "CASE WHEN n <= 10 THEN 'small' ELSE 'big' END, 'echo', 'web', 'web', "
                    + "timestamptz '2026-01-01' + n * interval '1 second', "
                    + "timestamptz '2026-01-01' + (n % 50000) * interval '1 second' "
                    + "FROM generate_series(1, 100010) AS n");
            statement.execute("ANALYZE " + schema + ".conversations");
        }
    }

    @Test
    void givenHundredThousandConversations_whenADeepPageIsPlanned_thenIndexRangeScanWithoutSort() throws SQLException {
        String plan = explain(BIG, Instant.parse("2026-01-01T05:00:00Z"));

        assertThat(plan).contains("Index Scan using conversations_tenant_activity")
                .contains("Index Cond")
                .doesNotContain("Sort")
                .doesNotContain("Seq Scan on conversations");
        assertThat(explain(SMALL, Instant.parse("2026-01-01T00:00:05Z")))
                .contains("conversations_tenant_activity").doesNotContain("Sort");
    }

    @Test
    void givenHundredThousandConversations_whenPagedDeep_thenPagesContinueWithoutOverlap() {
        var store = DATABASE.storage().conversations();
        List<ConversationSummary> first = store.page(BIG, Optional.empty(), 100);
        ActivityCursor deep = new ActivityCursor(Instant.parse("2026-01-01T05:00:00Z"), new ConversationId(new UUID(-1L, -1L)));
        List<ConversationSummary> page = store.page(BIG, Optional.of(deep), 100);
        List<ConversationSummary> next = store.page(BIG, Optional.of(page.getLast().cursor()), 100);

        assertThat(first).hasSize(100);
        assertThat(page).hasSize(100)
                .allSatisfy(line -> assertThat(line.lastActivityAt()).isBeforeOrEqualTo(deep.lastActivityAt()));
        assertThat(next).hasSize(100).noneMatch(page::contains);
        assertThat(next.getFirst().lastActivityAt()).isBeforeOrEqualTo(page.getLast().lastActivityAt());
        assertThat(store.page(SMALL, Optional.empty(), 100)).hasSize(10);
    }

    private static String explain(TenantId tenant, Instant before) throws SQLException {
        DATABASE.admin().setSchema(DATABASE.url().schema());
        try (PreparedStatement explain = DATABASE.admin().prepareStatement("EXPLAIN " + ConversationPages.SQL)) {
            explain.setString(1, tenant.value());
            explain.setObject(2, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            explain.setObject(3, new UUID(-1L, -1L));
            explain.setInt(4, 21);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
