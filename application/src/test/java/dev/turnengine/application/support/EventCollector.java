package dev.turnengine.application.support;

import static org.awaitility.Awaitility.await;

import dev.turnengine.application.port.in.StreamEventsUseCase.EventSink;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Collects a stream's events for assertions. */
public final class EventCollector implements EventSink {

    private final List<JournalEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private volatile RuntimeException failure;

    @Override
    public void event(JournalEvent event) {
        events.add(event);
    }

    @Override
    public void end() {
        ended = true;
    }

    @Override
    public void fail(RuntimeException error) {
        failure = error;
    }

    public List<JournalEvent> events() {
        return List.copyOf(events);
    }

    public List<Long> seqs() {
        return events.stream().map(JournalEvent::seq).toList();
    }

    public List<String> types() {
        return events.stream().map(e -> e.event().type()).toList();
    }

    public String deltaText() {
        return events.stream().map(JournalEvent::event).filter(TextDelta.class::isInstance)
                .map(e -> ((TextDelta) e).delta()).collect(Collectors.joining());
    }

    public List<TurnFinal> finals() {
        return events.stream().map(JournalEvent::event).filter(TurnFinal.class::isInstance)
                .map(TurnFinal.class::cast).toList();
    }

    public boolean ended() {
        return ended;
    }

    public RuntimeException failure() {
        return failure;
    }

    /** Waits for the stream to deliver {@code count} finals and returns the last. */
    public TurnFinal awaitFinals(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> finals().size() >= count);
        return finals().getLast();
    }

    public TurnFinal awaitFinal() {
        return awaitFinals(1);
    }

    public void awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= count);
    }
}
