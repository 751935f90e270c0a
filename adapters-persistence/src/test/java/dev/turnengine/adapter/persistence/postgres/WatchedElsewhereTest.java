package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a node remembers of other nodes' watch messages: whose, for how long, and how many. */
class WatchedElsewhereTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ConversationId one = ConversationId.random();
    private final ConversationId two = ConversationId.random();
    private final ConversationId three = ConversationId.random();

    @Test
    void aWatchCountsUntilItExpires_andARepeatKeepsItCounting() {
        WatchedElsewhere watched = new WatchedElsewhere("me", clock::get, 10);

        watched.heard(NotificationMessages.watching("other", List.of(one, two)).getFirst());
        clock.addAndGet(WatchedElsewhere.EXPIRY_NANOS - 1);
        watched.heard(NotificationMessages.watching("other", List.of(two)).getFirst());

        assertThat(watched.contains(one)).isTrue();
        assertThat(watched.contains(three)).isFalse();
        clock.addAndGet(1);
        assertThat(watched.contains(one)).isFalse();
        assertThat(watched.contains(two)).isTrue();
        watched.forgetExpired();
        assertThat(watched.size()).isEqualTo(1);
        clock.addAndGet(WatchedElsewhere.EXPIRY_NANOS);
        assertThat(watched.contains(two)).isFalse();
        watched.forgetExpired();
        assertThat(watched.size()).isZero();
    }

    @Test
    void aConversationIsNewWhenFirstNamed_andAgainOnlyAfterItsWatchExpired() {
        WatchedElsewhere watched = new WatchedElsewhere("me", clock::get, 10);

        assertThat(watched.heard(NotificationMessages.watching("other", List.of(one, two)).getFirst()))
                .containsExactly(one, two);
        assertThat(watched.heard(NotificationMessages.watching("third", List.of(two, three)).getFirst()))
                .containsExactly(three);
        clock.addAndGet(WatchedElsewhere.EXPIRY_NANOS - 1);
        assertThat(watched.heard(NotificationMessages.watching("other", List.of(two)).getFirst())).isEmpty();
        clock.addAndGet(1);
        assertThat(watched.heard(NotificationMessages.watching("other", List.of(one, two)).getFirst()))
                .as("one expired, even though not yet forgotten; two was renewed").containsExactly(one);
    }

    @Test
    void ownAndMalformedMessagesChangeNothing() {
        WatchedElsewhere watched = new WatchedElsewhere("me", clock::get, 10);

        assertThat(watched.heard(NotificationMessages.watching("me", List.of(one)).getFirst())).isEmpty();
        assertThat(watched.heard("w")).isEmpty();
        assertThat(watched.heard(one + ":3")).isEmpty();

        assertThat(watched.contains(one)).isFalse();
        assertThat(watched.size()).isZero();
        assertThat(watched.overflowing()).isFalse();
    }

    @Test
    void aNameLeftOutForLackOfRoom_makesItOverflowUntilItsWatchWouldHaveExpired() {
        WatchedElsewhere watched = new WatchedElsewhere("me", clock::get, 2);

        watched.heard(NotificationMessages.watching("other", List.of(one, two)).getFirst());
        assertThat(watched.overflowing()).isFalse();
        assertThat(watched.heard(NotificationMessages.watching("other", List.of(three)).getFirst())).isEmpty();
        assertThat(watched.overflowing()).isTrue();
        clock.addAndGet(WatchedElsewhere.EXPIRY_NANOS - 1);
        assertThat(watched.overflowing()).isTrue();
        clock.addAndGet(1);
        assertThat(watched.overflowing()).isFalse();
    }

    @Test
    void pastTheLimitNewConversationsAreNotRemembered_butKnownOnesAreStillRenewed() {
        WatchedElsewhere watched = new WatchedElsewhere("me", clock::get, 2);

        watched.heard(NotificationMessages.watching("other", List.of(one, two, three)).getFirst());
        clock.addAndGet(WatchedElsewhere.EXPIRY_NANOS / 2);
        watched.heard(NotificationMessages.watching("other", List.of(one)).getFirst());
        clock.addAndGet(WatchedElsewhere.EXPIRY_NANOS / 2);

        assertThat(watched.size()).isEqualTo(2);
        assertThat(watched.contains(three)).isFalse();
        assertThat(watched.contains(one)).isTrue();
        assertThat(watched.contains(two)).isFalse();
    }
}
