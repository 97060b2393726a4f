package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registration.SecretGenerator;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import jakarta.servlet.Servlet;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The servlets every container under test hosts side by side, one per configuration the cases
 * in {@code http-cases.json} need, each under its own base path. Registered exactly as a host
 * application would: constructors plus a servlet mapping.
 */
final class Deployments {

    static final String INITIAL_TOKEN = "initial-access-token-for-tests-1";
    static final String ROTATED_INITIAL_TOKEN = "initial-access-token-for-tests-2";
    static final String ALLOWED_ORIGIN = "https://inspector.example";
    static final String PUBLIC_BASE_URL = "https://as.example.com";
    static final Instant FIXED_NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String INTERNAL_DETAIL = "jdbc:h2:/secret/path password=hunter2";

    private Deployments() {
    }

    static Map<String, Servlet> all() {
        Map<String, Servlet> servlets = new LinkedHashMap<>();
        RegistrationPolicy open = RegistrationPolicy.builder().enabled(true).build();
        HttpBindingOptions defaults = HttpBindingOptions.builder()
                .authorizationEndpoint("https://as.example.com/authorize")
                .tokenEndpoint("https://as.example.com/token")
                .build();
        add(servlets, new InMemoryClientRegistry(), open, defaults, AuthorizationServerMetadataServlet.WELL_KNOWN_PATH);

        add(servlets, new InMemoryClientRegistry(), RegistrationPolicy.builder().enabled(true)
                .initialAccessTokens(List.of(INITIAL_TOKEN, ROTATED_INITIAL_TOKEN)).build(), base("/gated/register"), null);

        add(servlets, new InMemoryClientRegistry(), RegistrationPolicy.builder().build(), base("/disabled/register"),
                AuthorizationServerMetadataServlet.WELL_KNOWN_PATH + "/disabled");

        add(servlets, new InMemoryClientRegistry(), RegistrationPolicy.builder().enabled(true).managementEnabled(false)
                .build(), base("/nomgmt/register"), null);

        add(servlets, new InMemoryClientRegistry(), RegistrationPolicy.builder().enabled(true)
                .rotateRegistrationAccessToken(false).build(), base("/norotate/register"), null);

        add(servlets, new UnreachableClientRegistry(
                () -> new ClientRegistryUnavailableException("connection refused (test double)")),
                open, base("/unavailable/register"), null);

        add(servlets, new UnreachableClientRegistry(() -> new IllegalStateException(INTERNAL_DETAIL)),
                open, base("/broken/register"), null);

        HttpBindingOptions restricted = HttpBindingOptions.builder()
                .basePath("/restricted/register")
                .publicBaseUrl(PUBLIC_BASE_URL + "/")
                .maxBodyBytes(1024)
                .corsAllowedOrigins(List.of(ALLOWED_ORIGIN))
                .corsMaxAge(Duration.ofHours(1))
                .retryAfter(Duration.ofSeconds(30))
                .issuer(PUBLIC_BASE_URL)
                .metadataField("scopes_supported", List.of("mcp"))
                .build();
        add(servlets, new InMemoryClientRegistry(), RegistrationPolicy.builder().enabled(true)
                .grantTypes(Set.of("authorization_code")).authMethods(Set.of("none")).build(), restricted,
                AuthorizationServerMetadataServlet.WELL_KNOWN_PATH + "/restricted");

        RegistrationPolicy ttl = RegistrationPolicy.builder().enabled(true)
                .clientSecretLifetime(Duration.ofHours(1)).build();
        Clock clock = Clock.fixed(FIXED_NOW, ZoneOffset.UTC);
        ClientRegistry ttlRegistry = new InMemoryClientRegistry();
        servlets.put("/ttl/register/*", new ClientRegistrationServlet(
                new RegistrationService(ttlRegistry, ttl, clock, SecretGenerator.secureRandom()),
                new ClientConfigurationService(ttlRegistry, ttl, clock, SecretGenerator.secureRandom()),
                base("/ttl/register")));
        RegistrationPolicy cimdPolicy = RegistrationPolicy.builder().enabled(true)
                .authMethods(Set.of("client_secret_basic")).build();
        HttpBindingOptions cimd = HttpBindingOptions.builder().basePath("/cimd/register")
                .clientIdMetadataDocumentsSupported(true).build();
        add(servlets, CIMD_REGISTRY, cimdPolicy, cimd, AuthorizationServerMetadataServlet.WELL_KNOWN_PATH + "/cimd");
        return servlets;
    }

    /** What a host with CIMD on builds for /authorize and /token, beside the servlets, over the same registry. */
    static final ClientRegistry CIMD_REGISTRY = new InMemoryClientRegistry();
    /** Every metadata document fetch anyone asked for: RFC 7592 requests must never add one. */
    static final List<FetchRequest> CIMD_FETCHES = new CopyOnWriteArrayList<>();
    static final ClientDirectory CIMD_DIRECTORY = new ClientDirectory(CIMD_REGISTRY,
            ClientIdMetadataDocuments.builder(request -> {
                CIMD_FETCHES.add(request);
                return new FetchResponse(404, Map.of(), new byte[0]);
            }).hostResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14})))
                    .build(), Clock.systemUTC());

    private static HttpBindingOptions base(String basePath) {
        return HttpBindingOptions.builder().basePath(basePath).build();
    }

    private static void add(Map<String, Servlet> servlets, ClientRegistry registry, RegistrationPolicy policy,
            HttpBindingOptions options, String metadataPath) {
        servlets.put(options.servletMapping(), new ClientRegistrationServlet(new RegistrationService(registry, policy),
                new ClientConfigurationService(registry, policy), options));
        if (metadataPath != null) {
            servlets.put(metadataPath, new AuthorizationServerMetadataServlet(policy, options));
        }
    }
}
