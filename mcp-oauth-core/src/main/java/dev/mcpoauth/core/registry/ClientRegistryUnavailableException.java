package dev.mcpoauth.core.registry;

/**
 * The backend of a {@link ClientRegistry} cannot be reached or did not answer in time. The
 * operation may be retried later; HTTP bindings answer {@code 503}.
 */
public class ClientRegistryUnavailableException extends ClientRegistryException {

    private static final long serialVersionUID = 1L;

    public ClientRegistryUnavailableException(String message) {
        super(message);
    }

    public ClientRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
