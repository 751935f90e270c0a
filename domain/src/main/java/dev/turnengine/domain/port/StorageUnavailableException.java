package dev.turnengine.domain.port;

/**
 * Storage could not be reached or did not answer in time. Nothing was half-written: the caller may
 * retry (with the same idempotency key). Every storage port may throw it.
 */
public class StorageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
