package dev.turnengine.domain.turn;

import java.util.Objects;
import java.util.UUID;

/** A running engine process; running turns are leased to the node that runs them. */
public record NodeId(String value) {

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException("a node id is 1-200 characters");
        }
    }

    /** A node id nobody else has. */
    public static NodeId random() {
        return new NodeId("node-" + UUID.randomUUID());
    }
}
