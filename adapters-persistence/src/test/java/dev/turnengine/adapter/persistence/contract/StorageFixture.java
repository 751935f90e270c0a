package dev.turnengine.adapter.persistence.contract;

/** Gives every contract test a fresh, empty set of ports; each adapter's tests implement it. */
@FunctionalInterface
public interface StorageFixture {

    /** Ports over empty storage, sharing one state. */
    PortsUnderTest freshPorts();
}
