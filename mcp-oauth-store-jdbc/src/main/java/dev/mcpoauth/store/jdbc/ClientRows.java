package dev.mcpoauth.store.jdbc;

import static dev.mcpoauth.store.jdbc.ClientTable.APPLICATION_TYPE;
import static dev.mcpoauth.store.jdbc.ClientTable.CLIENT_ID;
import static dev.mcpoauth.store.jdbc.ClientTable.CLIENT_ID_ISSUED_AT;
import static dev.mcpoauth.store.jdbc.ClientTable.CLIENT_NAME;
import static dev.mcpoauth.store.jdbc.ClientTable.CLIENT_SECRET_EXPIRES_AT;
import static dev.mcpoauth.store.jdbc.ClientTable.CLIENT_SECRET_HASH;
import static dev.mcpoauth.store.jdbc.ClientTable.CLIENT_URI;
import static dev.mcpoauth.store.jdbc.ClientTable.CONTACTS;
import static dev.mcpoauth.store.jdbc.ClientTable.CREATED_AT_NS;
import static dev.mcpoauth.store.jdbc.ClientTable.GRANT_TYPES;
import static dev.mcpoauth.store.jdbc.ClientTable.JWKS;
import static dev.mcpoauth.store.jdbc.ClientTable.JWKS_URI;
import static dev.mcpoauth.store.jdbc.ClientTable.LAST_ACTIVITY_AT_NS;
import static dev.mcpoauth.store.jdbc.ClientTable.LAST_USED_AT_NS;
import static dev.mcpoauth.store.jdbc.ClientTable.LOCALIZED_VALUES;
import static dev.mcpoauth.store.jdbc.ClientTable.LOGO_URI;
import static dev.mcpoauth.store.jdbc.ClientTable.POLICY_URI;
import static dev.mcpoauth.store.jdbc.ClientTable.REDIRECT_URIS;
import static dev.mcpoauth.store.jdbc.ClientTable.REGISTRATION_ACCESS_TOKEN_HASH;
import static dev.mcpoauth.store.jdbc.ClientTable.RESPONSE_TYPES;
import static dev.mcpoauth.store.jdbc.ClientTable.SCOPE;
import static dev.mcpoauth.store.jdbc.ClientTable.SOFTWARE_ID;
import static dev.mcpoauth.store.jdbc.ClientTable.SOFTWARE_VERSION;
import static dev.mcpoauth.store.jdbc.ClientTable.TOKEN_ENDPOINT_AUTH_METHOD;
import static dev.mcpoauth.store.jdbc.ClientTable.TOS_URI;
import static dev.mcpoauth.store.jdbc.ClientTable.UPDATED_AT_NS;
import static dev.mcpoauth.store.jdbc.ClientTable.VERSION;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistryException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;

/** Maps a {@link RegisteredClient} to the columns of {@link ClientTable} and back, one column at a time. */
final class ClientRows {

    private ClientRows() {
    }

    static Map<Field<?>, Object> toRow(RegisteredClient client) {
        ClientMetadata m = client.metadata();
        Map<Field<?>, Object> row = new LinkedHashMap<>();
        row.put(CLIENT_ID, client.clientId());
        row.put(CLIENT_ID_ISSUED_AT, client.clientIdIssuedAt().getEpochSecond());
        row.put(CLIENT_SECRET_HASH, client.clientSecretHash().orElse(null));
        row.put(CLIENT_SECRET_EXPIRES_AT, client.clientSecretExpiresAt());
        row.put(REGISTRATION_ACCESS_TOKEN_HASH, client.registrationAccessTokenHash().orElse(null));
        row.put(REDIRECT_URIS, JsonText.ofList(m.redirectUris()));
        row.put(TOKEN_ENDPOINT_AUTH_METHOD, m.tokenEndpointAuthMethod());
        row.put(GRANT_TYPES, JsonText.ofList(m.grantTypes()));
        row.put(RESPONSE_TYPES, JsonText.ofList(m.responseTypes()));
        row.put(APPLICATION_TYPE, m.applicationType());
        row.put(CLIENT_NAME, m.clientName().orElse(null));
        row.put(CLIENT_URI, m.clientUri().orElse(null));
        row.put(LOGO_URI, m.logoUri().orElse(null));
        row.put(SCOPE, m.scope().orElse(null));
        row.put(CONTACTS, m.contacts().map(JsonText::ofList).orElse(null));
        row.put(TOS_URI, m.tosUri().orElse(null));
        row.put(POLICY_URI, m.policyUri().orElse(null));
        row.put(JWKS_URI, m.jwksUri().orElse(null));
        row.put(JWKS, m.jwks().map(JsonText::ofObject).orElse(null));
        row.put(SOFTWARE_ID, m.softwareId().orElse(null));
        row.put(SOFTWARE_VERSION, m.softwareVersion().orElse(null));
        row.put(LOCALIZED_VALUES, JsonText.ofStringMap(m.localizedValues()));
        row.put(CREATED_AT_NS, EpochNanos.of(client.createdAt()));
        row.put(UPDATED_AT_NS, EpochNanos.of(client.updatedAt()));
        row.put(LAST_USED_AT_NS, client.lastUsedAt().map(EpochNanos::of).orElse(null));
        row.put(LAST_ACTIVITY_AT_NS, EpochNanos.of(client.lastActivity()));
        row.put(VERSION, client.version());
        return row;
    }

    /**
     * Binds a row from {@link #toRow} to the parameters of {@link ClientTable#insertSql}: one
     * per column of {@link ClientTable#COLUMNS}, in that order, {@code NULL} typed by the column.
     */
    static void bind(PreparedStatement statement, Map<Field<?>, Object> row) throws SQLException {
        int index = 1;
        for (Field<?> column : ClientTable.COLUMNS) {
            Object value = row.get(column);
            if (column.getType() == Long.class) {
                if (value == null) {
                    statement.setNull(index, Types.BIGINT);
                } else {
                    statement.setLong(index, (Long) value);
                }
            } else if (value == null) {
                statement.setNull(index, Types.VARCHAR);
            } else {
                statement.setString(index, (String) value);
            }
            index++;
        }
    }

    static RegisteredClient fromRow(Record r) {
        ClientMetadata metadata = ClientMetadata.builder()
                .redirectUris(JsonText.toList(required(r, REDIRECT_URIS), REDIRECT_URIS.getName()))
                .tokenEndpointAuthMethod(required(r, TOKEN_ENDPOINT_AUTH_METHOD))
                .grantTypes(JsonText.toList(required(r, GRANT_TYPES), GRANT_TYPES.getName()))
                .responseTypes(JsonText.toList(required(r, RESPONSE_TYPES), RESPONSE_TYPES.getName()))
                .applicationType(required(r, APPLICATION_TYPE))
                .clientName(optional(r, CLIENT_NAME))
                .clientUri(optional(r, CLIENT_URI))
                .logoUri(optional(r, LOGO_URI))
                .scope(optional(r, SCOPE))
                .contacts(optional(r, CONTACTS).map(json -> JsonText.toList(json, CONTACTS.getName())))
                .tosUri(optional(r, TOS_URI))
                .policyUri(optional(r, POLICY_URI))
                .jwksUri(optional(r, JWKS_URI))
                .jwks(optional(r, JWKS).map(json -> JsonText.toObject(json, JWKS.getName())))
                .softwareId(optional(r, SOFTWARE_ID))
                .softwareVersion(optional(r, SOFTWARE_VERSION))
                .localizedValues(JsonText.toStringMap(required(r, LOCALIZED_VALUES), LOCALIZED_VALUES.getName()))
                .build();
        return RegisteredClient.builder()
                .clientId(required(r, CLIENT_ID))
                .clientIdIssuedAt(Instant.ofEpochSecond(required(r, CLIENT_ID_ISSUED_AT)))
                .clientSecretHash(optional(r, CLIENT_SECRET_HASH))
                .clientSecretExpiresAt(required(r, CLIENT_SECRET_EXPIRES_AT))
                .registrationAccessTokenHash(optional(r, REGISTRATION_ACCESS_TOKEN_HASH))
                .metadata(metadata)
                .createdAt(EpochNanos.toInstant(required(r, CREATED_AT_NS)))
                .updatedAt(EpochNanos.toInstant(required(r, UPDATED_AT_NS)))
                .lastUsedAt(optional(r, LAST_USED_AT_NS).map(EpochNanos::toInstant))
                .version(required(r, VERSION))
                .build();
    }

    private static <T> T required(Record r, Field<T> column) {
        T value = r.get(column);
        if (value == null) {
            throw new ClientRegistryException("column " + column.getName() + " is null in a stored client");
        }
        return value;
    }

    private static <T> Optional<T> optional(Record r, Field<T> column) {
        return Optional.ofNullable(r.get(column));
    }
}
