package dev.mcpoauth.core.registry;

/** {@link ClientRegistry#create} found a client with the same id; nothing was written. */
public class DuplicateClientException extends ClientRegistryException {

    private static final long serialVersionUID = 1L;

    private final String clientId;

    public DuplicateClientException(String clientId) {
        super("client already exists: " + clientId);
        this.clientId = clientId;
    }

    public DuplicateClientException(String clientId, Throwable cause) {
        super("client already exists: " + clientId, cause);
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
