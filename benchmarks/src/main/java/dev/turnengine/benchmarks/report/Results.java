package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.stats.Percentiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one run measured: figures and latency distributions by key, and notes on what was skipped or failed. */
public final class Results {

    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Map<String, Percentiles> latencies = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public synchronized void put(String key, double value) {
        figures.put(key, value);
    }

    public synchronized void latency(String key, Percentiles value) {
        latencies.put(key, value);
    }

    public synchronized void note(String text) {
        notes.add(text);
    }

    public synchronized Optional<Double> figure(String key) {
        return Optional.ofNullable(figures.get(key));
    }

    public synchronized Optional<Percentiles> latency(String key) {
        return Optional.ofNullable(latencies.get(key)).filter(p -> p.count() > 0);
    }

    public synchronized Map<String, Double> figures() {
        return new LinkedHashMap<>(figures);
    }

    public synchronized Map<String, Percentiles> latencies() {
        return new LinkedHashMap<>(latencies);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
