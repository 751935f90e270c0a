package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.port.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Needs no database: what happens when there is none. */
class PostgresUnreachableTest {

    @Test
    void givenNoServer_whenStorageOpened_thenStorageUnavailableWithinSeconds() {
        Instant start = Instant.now();

        assertThatThrownBy(() -> new PostgresStorage("postgresql://turns:secret@127.0.0.1:1/turns"))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageNotContaining("secret");

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }
}
