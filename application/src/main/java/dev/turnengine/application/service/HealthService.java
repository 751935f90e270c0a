package dev.turnengine.application.service;

import dev.turnengine.application.port.in.CheckHealthUseCase;
import dev.turnengine.domain.port.AttachmentBudget;
import dev.turnengine.domain.port.StorageHealth;
import java.util.Optional;

/** The engine is healthy when its storage answers. */
public final class HealthService implements CheckHealthUseCase {

    private final StorageHealth storage;

    public HealthService(StorageHealth storage) {
        this.storage = storage;
    }

    @Override
    public boolean isHealthy() {
        return storage.isReachable();
    }

    @Override
    public Optional<AttachmentBudget> attachments() {
        return storage.attachments();
    }
}
