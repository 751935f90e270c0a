package dev.turnengine.adapter.persistence.contract;

import dev.turnengine.domain.port.Storage;

/** Gives every contract test fresh, empty storage; each adapter's tests implement it. */
@FunctionalInterface
public interface StorageFixture {

    /** Empty storage; the contract uses its ports and leaves closing it to the fixture. */
    Storage freshStorage();
}
