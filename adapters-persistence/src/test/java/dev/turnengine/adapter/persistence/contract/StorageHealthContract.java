package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.StorageHealth} contract while storage is up. */
public abstract class StorageHealthContract extends ContractSupport {

    @Test
    void givenWorkingStorage_whenAsked_thenReachable() {
        assertThat(storage.health().isReachable()).isTrue();
    }
}
