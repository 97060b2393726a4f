package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.core.client.MetadataNames;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth 2.0 Authorization Server Metadata document (RFC 8414 §3), for
 * {@code /.well-known/oauth-authorization-server}: the host-supplied members of
 * {@link HttpBindingOptions#metadata()} ({@code issuer}, {@code authorization_endpoint},
 * {@code token_endpoint}, ...) plus what the registration policy decides:
 * {@code registration_endpoint} (only when registration is enabled), {@code grant_types_supported},
 * {@code response_types_supported}, {@code token_endpoint_auth_methods_supported} and
 * {@code code_challenge_methods_supported: ["S256"]}; with
 * {@link HttpBindingOptions#clientIdMetadataDocumentsSupported()} also
 * {@code client_id_metadata_document_supported: true} and {@code none} among the auth methods,
 * since metadata document clients are public. When no {@code issuer} is supplied the
 * public base URL is used. Same CORS as the registration endpoint. Thread-safe.
 */
public class AuthorizationServerMetadataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(AuthorizationServerMetadataServlet.class.getName());

    /** Where RFC 8414 §3 puts the document for an issuer without a path. */
    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-authorization-server";

    private static final String METHODS = "GET, HEAD, OPTIONS";

    private final transient RegistrationPolicy policy;
    private final transient HttpBindingOptions options;

    /**
     * @param policy the registration policy the {@link ClientRegistrationServlet} runs with
     * @param options the same options the {@link ClientRegistrationServlet} was built with
     */
    public AuthorizationServerMetadataServlet(RegistrationPolicy policy, HttpBindingOptions options) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange exchange = new Exchange(request, response, options);
        try {
            switch (request.getMethod()) {
                case "GET", "HEAD" -> exchange.json(HttpServletResponse.SC_OK, document(exchange.baseUrl()));
                case "OPTIONS" -> exchange.preflight(METHODS);
                default -> {
                    response.setHeader("Allow", METHODS);
                    exchange.error(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "invalid_request",
                            "only GET, HEAD and OPTIONS are allowed here");
                }
            }
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                response.reset();
                new Exchange(request, response, options).error(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        "server_error", "the server could not complete the request");
            }
            LOG.log(System.Logger.Level.ERROR, "authorization server metadata failed", e);
        }
    }

    /** The document for a server whose context root is at {@code baseUrl}. */
    Map<String, Object> document(String baseUrl) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", baseUrl);
        doc.putAll(options.metadata());
        if (policy.enabled()) {
            doc.put("registration_endpoint", baseUrl + options.basePath());
        }
        doc.put("grant_types_supported", List.copyOf(policy.grantTypes()));
        doc.put("response_types_supported", List.of(MetadataNames.RESPONSE_TYPE_CODE));
        List<String> authMethods = new ArrayList<>(policy.authMethods());
        if (options.clientIdMetadataDocumentsSupported() && !authMethods.contains(MetadataNames.AUTH_METHOD_NONE)) {
            authMethods.add(0, MetadataNames.AUTH_METHOD_NONE);
        }
        doc.put("token_endpoint_auth_methods_supported", List.copyOf(authMethods));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        if (options.clientIdMetadataDocumentsSupported()) {
            doc.put("client_id_metadata_document_supported", true);
        }
        return doc;
    }
}
