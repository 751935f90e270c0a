package dev.turnengine.application.engine;

import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.domain.port.EngineMetrics;

/** Counts what became of submitted messages (accepted, replayed) around the submit use case. */
final class MeteredSubmit implements SubmitMessageUseCase {

    private final SubmitMessageUseCase submit;
    private final EngineMetrics metrics;

    MeteredSubmit(SubmitMessageUseCase submit, EngineMetrics metrics) {
        this.submit = submit;
        this.metrics = metrics;
    }

    @Override
    public Result submit(Command command) {
        Result result = submit.submit(command);
        switch (result) {
            case Result.Accepted accepted -> metrics.turnAccepted();
            case Result.Replayed replayed -> metrics.idempotentReplay();
            case Result.Refused refused -> {
                // a refused message is no turn
            }
        }
        return result;
    }
}
