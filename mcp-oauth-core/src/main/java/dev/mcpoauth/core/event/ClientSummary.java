package dev.mcpoauth.core.event;

import dev.mcpoauth.core.client.RegisteredClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a client is, as events tell it: its id and self-declared name and software, nothing that
 * authenticates it.
 *
 * @param clientId the client's id
 * @param clientName its {@code client_name}, if registered
 * @param softwareId its {@code software_id}, if registered
 * @param softwareVersion its {@code software_version}, if registered
 */
public record ClientSummary(String clientId, Optional<String> clientName, Optional<String> softwareId,
        Optional<String> softwareVersion) {

    /** Checks every part is present (the optional ones as {@code Optional}). */
    public ClientSummary {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(softwareId, "softwareId");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
    }

    /** The summary of a stored client. */
    public static ClientSummary of(RegisteredClient client) {
        return new ClientSummary(client.clientId(), client.metadata().clientName(),
                client.metadata().softwareId(), client.metadata().softwareVersion());
    }
}
