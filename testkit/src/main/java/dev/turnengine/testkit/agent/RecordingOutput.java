package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.AgentOutput;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the deltas an agent writes. */
public final class RecordingOutput implements AgentOutput {

    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @Override
    public void delta(String text) {
        deltas.add(text);
    }

    /** The deltas so far, in order. */
    public List<String> deltas() {
        return List.copyOf(deltas);
    }

    /** The deltas so far, joined. */
    public String text() {
        return String.join("", deltas);
    }
}
