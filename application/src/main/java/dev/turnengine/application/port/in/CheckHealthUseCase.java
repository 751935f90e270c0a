package dev.turnengine.application.port.in;

/** Whether the engine can serve. */
public interface CheckHealthUseCase {

    /** True when storage answers. */
    boolean isHealthy();
}
