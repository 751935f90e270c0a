package dev.turnengine.application.service;

import dev.turnengine.application.port.in.StreamEventsUseCase.EventSink;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;

/**
 * Follows one turn: passes on its events only and ends the stream after its {@code final}. Doubles as the
 * subscription handed to the caller, since events may arrive before the journal's subscription is known.
 */
final class OneTurnListener implements TurnJournal.JournalListener, Subscription {

    private final Turn turn;
    private final EventSink sink;
    private Subscription subscription;
    private boolean ended;

    OneTurnListener(Turn turn, EventSink sink) {
        this.turn = turn;
        this.sink = sink;
    }

    @Override
    public void onEvent(JournalEvent event) {
        boolean finished;
        synchronized (this) {
            if (ended || !event.turnId().equals(turn.id())) {
                return;
            }
            sink.event(event);
            finished = event.isFinal();
            ended = finished;
        }
        if (finished) {
            sink.end();
            close();
        }
    }

    @Override
    public void onError(RuntimeException error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        sink.fail(error);
    }

    /** The conversation was deleted; the turn's final, if it had one, has been passed on. */
    @Override
    public void onEnd() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        sink.end();
    }

    void attach(Subscription journalSubscription) {
        boolean closeNow;
        synchronized (this) {
            subscription = journalSubscription;
            closeNow = ended;
        }
        if (closeNow) {
            journalSubscription.close();
        }
    }

    @Override
    public void close() {
        Subscription toClose;
        synchronized (this) {
            ended = true;
            toClose = subscription;
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
