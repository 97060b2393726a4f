package dev.mcpoauth.core.registry;

/** An infrastructure failure of a {@link ClientRegistry}; wraps the backend's exception. */
public class ClientRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClientRegistryException(String message) {
        super(message);
    }

    public ClientRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
