package dev.mcpoauth.core.client;

import java.util.List;

/**
 * Wire names of the RFC 7591 / RFC 7592 members, in one place.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2, client metadata</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1">RFC 7591 §3.2.1, client information response</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-3">RFC 7592 §3, client configuration response</a>
 */
public final class MetadataNames {

    public static final String REDIRECT_URIS = "redirect_uris";
    public static final String TOKEN_ENDPOINT_AUTH_METHOD = "token_endpoint_auth_method";
    public static final String GRANT_TYPES = "grant_types";
    public static final String RESPONSE_TYPES = "response_types";
    public static final String CLIENT_NAME = "client_name";
    public static final String CLIENT_URI = "client_uri";
    public static final String LOGO_URI = "logo_uri";
    public static final String SCOPE = "scope";
    public static final String CONTACTS = "contacts";
    public static final String TOS_URI = "tos_uri";
    public static final String POLICY_URI = "policy_uri";
    public static final String JWKS_URI = "jwks_uri";
    public static final String JWKS = "jwks";
    public static final String SOFTWARE_ID = "software_id";
    public static final String SOFTWARE_VERSION = "software_version";
    public static final String APPLICATION_TYPE = "application_type";

    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String CLIENT_ID_ISSUED_AT = "client_id_issued_at";
    public static final String CLIENT_SECRET_EXPIRES_AT = "client_secret_expires_at";
    public static final String REGISTRATION_ACCESS_TOKEN = "registration_access_token";
    public static final String REGISTRATION_CLIENT_URI = "registration_client_uri";
    public static final String SOFTWARE_STATEMENT = "software_statement";

    /** Human-readable members that may carry RFC 7591 §2.2 language tags ({@code client_name#ja}). */
    public static final List<String> LOCALIZABLE =
            List.of(CLIENT_NAME, CLIENT_URI, LOGO_URI, TOS_URI, POLICY_URI);

    public static final String AUTH_METHOD_NONE = "none";
    public static final String AUTH_METHOD_CLIENT_SECRET_BASIC = "client_secret_basic";
    public static final String AUTH_METHOD_CLIENT_SECRET_POST = "client_secret_post";
    public static final String GRANT_AUTHORIZATION_CODE = "authorization_code";
    public static final String GRANT_REFRESH_TOKEN = "refresh_token";
    public static final String RESPONSE_TYPE_CODE = "code";
    public static final String APPLICATION_TYPE_WEB = "web";
    public static final String APPLICATION_TYPE_NATIVE = "native";

    private MetadataNames() {
    }
}
