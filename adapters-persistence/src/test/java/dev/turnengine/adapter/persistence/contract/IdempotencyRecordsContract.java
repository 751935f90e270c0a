package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.IdempotencyRecords} contract: lookup within scope, and expiry. */
public abstract class IdempotencyRecordsContract extends ContractSupport {

    private static final IdempotencyKey KEY = new IdempotencyKey("order-42");

    @Test
    void givenTurnAdmittedWithKey_whenFound_thenRecordNamesTheTurnAndFingerprint() {
        ConversationId id = newConversation().id();
        Admission.Request request = keyed(id, "hello", KEY.value(), T0);
        storage.turns().admit(request);
        KeyClaim claim = request.claim().orElseThrow();

        assertThat(storage.idempotency().find(TENANT, id, KEY, at(1))).contains(new IdempotencyRecord(
                TENANT, id, KEY, claim.fingerprint(), request.turnId(), claim.expiresAt()));
    }

    @Test
    void givenRecordPastItsExpiry_whenFound_thenAbsent() {
        ConversationId id = newConversation().id();
        Admission.Request request = keyed(id, "hello", KEY.value(), T0);
        storage.turns().admit(request);
        Instant expiry = request.claim().orElseThrow().expiresAt();

        assertThat(storage.idempotency().find(TENANT, id, KEY, expiry.minusSeconds(1))).isPresent();
        assertThat(storage.idempotency().find(TENANT, id, KEY, expiry)).isEmpty();
    }

    @Test
    void givenRecord_whenFoundForAnotherTenantOrConversationOrKey_thenAbsent() {
        ConversationId id = newConversation().id();
        ConversationId other = newConversation().id();
        storage.turns().admit(keyed(id, "hello", KEY.value(), T0));

        assertThat(storage.idempotency().find(OTHER_TENANT, id, KEY, at(1))).isEmpty();
        assertThat(storage.idempotency().find(TENANT, other, KEY, at(1))).isEmpty();
        assertThat(storage.idempotency().find(TENANT, id, new IdempotencyKey("order-43"), at(1))).isEmpty();
    }

    @Test
    void givenExpiredAndLiveRecords_whenPurged_thenOnlyExpiredOnesDeletedAndCounted() {
        ConversationId id = newConversation().id();
        storage.turns().admit(keyed(id, "old", "old-1", T0));
        storage.turns().admit(keyed(id, "old", "old-2", T0));
        storage.turns().admit(keyed(id, "new", "new-1", at(3600)));
        Instant afterOldExpired = T0.plusSeconds(24 * 3600 + 10);

        int purged = storage.idempotency().purgeExpired(afterOldExpired);

        assertThat(purged).isEqualTo(2);
        assertThat(storage.idempotency().find(TENANT, id, new IdempotencyKey("new-1"), afterOldExpired)).isPresent();
        assertThat(storage.idempotency().purgeExpired(afterOldExpired)).isZero();
        assertThat(storage.turns().list(id, 0, 10)).hasSize(3);
    }
}
