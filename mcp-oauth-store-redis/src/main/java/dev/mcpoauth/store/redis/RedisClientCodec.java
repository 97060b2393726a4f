package dev.mcpoauth.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.client.MetadataNames;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistryException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps a {@link RegisteredClient} to the fields of its Redis hash and back, field by field.
 * Strings are stored as they are, lists and {@code jwks} as JSON text, instants as ISO-8601
 * (nanosecond precision kept), language-tagged values under their own member name
 * ({@code client_name#ja}). Absent members have no field.
 */
final class RedisClientCodec {

    static final String CLIENT_ID = "client_id";
    static final String CLIENT_ID_ISSUED_AT = "client_id_issued_at";
    static final String CLIENT_SECRET_HASH = "client_secret_hash";
    static final String CLIENT_SECRET_EXPIRES_AT = "client_secret_expires_at";
    static final String REGISTRATION_ACCESS_TOKEN_HASH = "registration_access_token_hash";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String LAST_USED_AT = "last_used_at";
    static final String VERSION = "version";
    /** The client's member in its shard index; read by the Lua scripts to remove it. */
    static final String INDEX_ENTRY = "index_entry";
    /** The client's entry in its shard's creation index. */
    static final String CREATED_ENTRY = "created_entry";

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** Moves every representable epoch second to a non-negative number of at most 18 digits. */
    private static final long EPOCH_SECOND_OFFSET = 100_000_000_000_000_000L;

    /** Decimals read back as {@code BigDecimal}, so a JWK Set's numbers keep every digit. */
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Readers built once: resolving the type on every read showed in the lookup's profile. */
    private final ObjectReader stringList = json.readerFor(STRING_LIST);
    private final ObjectReader jsonObject = json.readerFor(JSON_OBJECT);

    Map<String, String> toHash(RegisteredClient client) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CLIENT_ID, client.clientId());
        h.put(CLIENT_ID_ISSUED_AT, Long.toString(client.clientIdIssuedAt().getEpochSecond()));
        client.clientSecretHash().ifPresent(v -> h.put(CLIENT_SECRET_HASH, v));
        h.put(CLIENT_SECRET_EXPIRES_AT, Long.toString(client.clientSecretExpiresAt()));
        client.registrationAccessTokenHash().ifPresent(v -> h.put(REGISTRATION_ACCESS_TOKEN_HASH, v));
        h.put(CREATED_AT, client.createdAt().toString());
        h.put(UPDATED_AT, client.updatedAt().toString());
        client.lastUsedAt().ifPresent(v -> h.put(LAST_USED_AT, v.toString()));
        h.put(VERSION, Long.toString(client.version()));
        h.put(INDEX_ENTRY, indexEntry(client));
        h.put(CREATED_ENTRY, createdEntry(client));

        ClientMetadata m = client.metadata();
        h.put(MetadataNames.REDIRECT_URIS, writeJson(m.redirectUris()));
        h.put(MetadataNames.TOKEN_ENDPOINT_AUTH_METHOD, m.tokenEndpointAuthMethod());
        h.put(MetadataNames.GRANT_TYPES, writeJson(m.grantTypes()));
        h.put(MetadataNames.RESPONSE_TYPES, writeJson(m.responseTypes()));
        h.put(MetadataNames.APPLICATION_TYPE, m.applicationType());
        m.clientName().ifPresent(v -> h.put(MetadataNames.CLIENT_NAME, v));
        m.clientUri().ifPresent(v -> h.put(MetadataNames.CLIENT_URI, v));
        m.logoUri().ifPresent(v -> h.put(MetadataNames.LOGO_URI, v));
        m.scope().ifPresent(v -> h.put(MetadataNames.SCOPE, v));
        m.contacts().ifPresent(v -> h.put(MetadataNames.CONTACTS, writeJson(v)));
        m.tosUri().ifPresent(v -> h.put(MetadataNames.TOS_URI, v));
        m.policyUri().ifPresent(v -> h.put(MetadataNames.POLICY_URI, v));
        m.jwksUri().ifPresent(v -> h.put(MetadataNames.JWKS_URI, v));
        m.jwks().ifPresent(v -> h.put(MetadataNames.JWKS, writeJson(toJackson(v))));
        m.softwareId().ifPresent(v -> h.put(MetadataNames.SOFTWARE_ID, v));
        m.softwareVersion().ifPresent(v -> h.put(MetadataNames.SOFTWARE_VERSION, v));
        h.putAll(m.localizedValues());
        return h;
    }

    RegisteredClient fromHash(String clientId, Map<String, String> h) {
        try {
            ClientMetadata metadata = ClientMetadata.builder()
                    .redirectUris(readJson(required(h, MetadataNames.REDIRECT_URIS), stringList))
                    .tokenEndpointAuthMethod(required(h, MetadataNames.TOKEN_ENDPOINT_AUTH_METHOD))
                    .grantTypes(readJson(required(h, MetadataNames.GRANT_TYPES), stringList))
                    .responseTypes(readJson(required(h, MetadataNames.RESPONSE_TYPES), stringList))
                    .applicationType(required(h, MetadataNames.APPLICATION_TYPE))
                    .clientName(optional(h, MetadataNames.CLIENT_NAME))
                    .clientUri(optional(h, MetadataNames.CLIENT_URI))
                    .logoUri(optional(h, MetadataNames.LOGO_URI))
                    .scope(optional(h, MetadataNames.SCOPE))
                    .contacts(optional(h, MetadataNames.CONTACTS).map(v -> readJson(v, stringList)))
                    .tosUri(optional(h, MetadataNames.TOS_URI))
                    .policyUri(optional(h, MetadataNames.POLICY_URI))
                    .jwksUri(optional(h, MetadataNames.JWKS_URI))
                    .jwks(optional(h, MetadataNames.JWKS).map(v -> readJson(v, jsonObject)))
                    .softwareId(optional(h, MetadataNames.SOFTWARE_ID))
                    .softwareVersion(optional(h, MetadataNames.SOFTWARE_VERSION))
                    .localizedValues(localizedValues(h))
                    .build();
            return RegisteredClient.builder()
                    .clientId(required(h, CLIENT_ID))
                    .clientIdIssuedAt(Instant.ofEpochSecond(Long.parseLong(required(h, CLIENT_ID_ISSUED_AT))))
                    .clientSecretHash(optional(h, CLIENT_SECRET_HASH))
                    .clientSecretExpiresAt(Long.parseLong(required(h, CLIENT_SECRET_EXPIRES_AT)))
                    .registrationAccessTokenHash(optional(h, REGISTRATION_ACCESS_TOKEN_HASH))
                    .metadata(metadata)
                    .createdAt(IsoInstants.parse(required(h, CREATED_AT)))
                    .updatedAt(IsoInstants.parse(required(h, UPDATED_AT)))
                    .lastUsedAt(optional(h, LAST_USED_AT).map(IsoInstants::parse))
                    .version(Long.parseLong(required(h, VERSION)))
                    .build();
        } catch (IllegalArgumentException | DateTimeParseException | UnreadableField e) {
            // NumberFormatException is an IllegalArgumentException; no stored value goes in the message
            String why = e instanceof UnreadableField ? e.getMessage() : e.getClass().getSimpleName();
            throw new ClientRegistryException("stored client " + clientId + " cannot be read: " + why, e);
        }
    }

    /**
     * The client's member in its shard index: its {@link RegisteredClient#lastActivity()}, sortable
     * as text, then its id. Reaping takes the entries that sort before the cutoff's key, which
     * mirrors {@link RegisteredClient#unusedSince(Instant)}.
     */
    static String indexEntry(RegisteredClient client) {
        return indexEntry(client.clientId(), client.lastActivity());
    }

    /** The client's member in its shard's creation index: its creation time, sortable as text, then its id. */
    static String createdEntry(RegisteredClient client) {
        return activityKey(client.createdAt()) + "|" + client.clientId();
    }

    /** The instant of an index entry, the inverse of {@link #activityKey(Instant)} on its first 27 characters. */
    static Instant instantOfEntry(String entry) {
        long seconds = Long.parseLong(entry.substring(0, 18)) - EPOCH_SECOND_OFFSET;
        return Instant.ofEpochSecond(seconds, Integer.parseInt(entry.substring(18, 27)));
    }

    /** The client id of an index entry. */
    static String clientIdOfEntry(String entry) {
        return entry.substring(entry.indexOf('|') + 1);
    }

    /** The index entry for a client whose last activity is {@code lastActivity} (after a use: the use). */
    static String indexEntry(String clientId, Instant lastActivity) {
        return activityKey(lastActivity) + "|" + clientId;
    }

    /**
     * A fixed-width decimal rendering of an instant whose text order is its time order, so that
     * {@code ZRANGEBYLEX} finds every entry before a cutoff exactly, to the nanosecond.
     */
    static String activityKey(Instant instant) {
        StringBuilder key = new StringBuilder(27);
        pad(key, Long.toString(instant.getEpochSecond() + EPOCH_SECOND_OFFSET), 18);
        pad(key, Integer.toString(instant.getNano()), 9);
        return key.toString();
    }

    private static void pad(StringBuilder to, String digits, int width) {
        for (int i = digits.length(); i < width; i++) {
            to.append('0');
        }
        to.append(digits);
    }

    private static Map<String, String> localizedValues(Map<String, String> h) {
        Map<String, String> values = new TreeMap<>();
        h.forEach((field, value) -> {
            if (field.indexOf('#') > 0) {
                values.put(field, value);
            }
        });
        return values;
    }

    private static String required(Map<String, String> h, String field) {
        String value = h.get(field);
        if (value == null) {
            throw new UnreadableField("missing field " + field);
        }
        return value;
    }

    private static Optional<String> optional(Map<String, String> h, String field) {
        return Optional.ofNullable(h.get(field));
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getClass().getSimpleName(), e);
        }
    }

    private <T> T readJson(String text, ObjectReader reader) {
        try {
            return reader.readValue(text);
        } catch (JsonProcessingException e) {
            throw new UnreadableField("field is not the JSON expected", e);
        }
    }

    /** Core's JSON trees spell null as {@link JsonValues#NULL}; Jackson wants a Java null. */
    private static Object toJackson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), toJackson(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(toJackson(v)));
            return copy;
        }
        return JsonValues.isNull(value) ? null : value;
    }

    /** A stored field is missing or malformed. */
    private static final class UnreadableField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableField(String message) {
            super(message);
        }

        UnreadableField(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
