package dev.mcpoauth.server;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientSort;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the admin API and the CLI show of a client: its registered metadata and bookkeeping,
 * whether it holds a secret and a registration access token — never a secret, token or hash.
 */
final class ClientViews {

    private ClientViews() {
    }

    /** The client as a JSON object: RFC 7591 member names, then the registry's own fields. */
    static Map<String, Object> of(RegisteredClient client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("client_id", client.clientId());
        view.put("client_id_issued_at", client.clientIdIssuedAt().getEpochSecond());
        view.putAll(client.metadata().toMap());
        view.put("confidential", client.isConfidential());
        if (client.isConfidential()) {
            view.put("client_secret_expires_at", client.clientSecretExpiresAt());
        }
        view.put("has_registration_access_token", client.registrationAccessTokenHash().isPresent());
        view.put("created_at", client.createdAt().toString());
        view.put("updated_at", client.updatedAt().toString());
        client.lastUsedAt().ifPresent(at -> view.put("last_used_at", at.toString()));
        view.put("last_activity_at", ClientSort.LAST_ACTIVITY.keyOf(client).toString());
        view.put("version", client.version());
        return view;
    }
}
