package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationAdmission;
import dev.mcpoauth.core.registration.RegistrationError;
import dev.mcpoauth.core.registration.RegistrationException;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The RFC 7591 client registration endpoint and the RFC 7592 client configuration endpoint over
 * Jakarta Servlet 6: {@code POST {base}}, {@code GET|PUT|DELETE {base}/{client_id}}, CORS
 * preflight. Map it at {@link HttpBindingOptions#servletMapping()} (e.g. {@code /register/*}).
 *
 * <p>Every answer is JSON ({@code {"error", "error_description"}} for failures) with
 * {@code Cache-Control: no-store}. Core decides every protocol outcome (a disabled registration
 * policy, a missing or wrong token, a rate limit, the client cap, invalid metadata); one place in
 * the binding says which HTTP status each one is, so a disabled policy makes every path answer
 * {@code 404}. An unreachable store answers {@code 503} with {@code Retry-After}; any other
 * failure {@code 500} without internal detail.
 *
 * <p>A registration is authenticated and rate-limited before its body is read, keyed by the
 * caller's address as {@link HttpBindingOptions#clientAddresses()} resolves it. Too many
 * attempts answer {@code 429 too_many_requests} with {@code Retry-After}, {@code RateLimit-Policy}
 * and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers); a {@code 201} carries the last
 * two as well. A full registry answers {@code 403 access_denied}; a rate limiter that cannot
 * decide answers {@code 503} (unless the service fails open). Every outcome is logged through
 * {@link System.Logger} without credentials. Thread-safe.
 */
public class ClientRegistrationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ClientRegistrationServlet.class.getName());

    private static final String COLLECTION_METHODS = "POST, OPTIONS";
    private static final String CLIENT_METHODS = "GET, PUT, DELETE, OPTIONS";

    private final transient RegistrationService registration;
    private final transient ClientConfigurationService configuration;
    private final transient HttpBindingOptions options;

    /**
     * @param registration registers clients (RFC 7591); its policy decides whether the endpoint exists
     * @param configuration reads, replaces and deletes them (RFC 7592)
     * @param options paths, limits and CORS
     */
    public ClientRegistrationServlet(RegistrationService registration, ClientConfigurationService configuration,
            HttpBindingOptions options) {
        this.registration = Objects.requireNonNull(registration, "registration");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange exchange = new Exchange(request, response, options);
        String clientId = clientIdOrNull(request);
        try {
            registration.requireEnabled();
            Optional<String> target = target(request);
            if (target.isEmpty()) {
                collection(exchange);
            } else {
                client(exchange, target.get());
            }
        } catch (HttpProblem problem) {
            refuse(exchange, clientId, problem);
        } catch (RegistrationException e) {
            refuse(exchange, clientId, HttpProblem.of(e));
        } catch (ClientRegistryUnavailableException e) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, options.retryAfter().toSeconds())));
            log(exchange, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Level.WARNING, clientId, "unavailable",
                    "temporarily_unavailable", e.getMessage());
            exchange.error(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "the client registry is unavailable; try again later");
        } catch (RateLimiterUnavailableException e) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, options.retryAfter().toSeconds())));
            log(exchange, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Level.WARNING, clientId, "unavailable",
                    "temporarily_unavailable", e.getMessage());
            exchange.error(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "registration is temporarily unavailable; try again later");
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> logLine(exchange, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, clientId,
                    "failed", "server_error", e.getClass().getName()), e);
            if (!response.isCommitted()) {
                // drop whatever was set for the answer that failed (Location, challenges), keep the common headers
                response.reset();
                new Exchange(request, response, options).error(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        "server_error", "the server could not complete the request");
            }
        }
    }

    private void collection(Exchange exchange) throws IOException, HttpProblem {
        switch (exchange.method()) {
            case "OPTIONS" -> {
                log(exchange, HttpServletResponse.SC_NO_CONTENT, Level.DEBUG, null, "preflight", null, null);
                exchange.preflight(COLLECTION_METHODS);
            }
            case "POST" -> {
                Optional<String> token = bearerToken(exchange.request());
                RegistrationAdmission admission = registration.admit(Optional.of(callerAddress(exchange.request())),
                        token);
                Map<String, Object> body;
                try {
                    body = jsonBody(exchange.request());
                } catch (HttpProblem unreadable) {
                    // the attempt still counts against the rate limit (429 instead when none is left)
                    registration.refusedBeforeRegister(admission);
                    throw unreadable;
                }
                ClientRegistration result = registration.register(admission, body);
                admission.rateLimit().ifPresent(decision -> rateLimitHeaders(exchange.response(), decision));
                String clientId = result.client().clientId();
                Optional<String> uri = configuration.enabled()
                        ? Optional.of(exchange.baseUrl() + options.basePath() + "/" + clientId) : Optional.empty();
                Map<String, Object> response = result.toResponseMap(uri);
                if (response.get("registration_client_uri") instanceof String location) {
                    exchange.response().setHeader("Location", location);
                }
                log(exchange, HttpServletResponse.SC_CREATED, Level.INFO, clientId, "registered", null, null);
                exchange.json(HttpServletResponse.SC_CREATED, response);
            }
            default -> throw HttpProblem.methodNotAllowed(exchange.method(), COLLECTION_METHODS);
        }
    }

    private void client(Exchange exchange, String clientId) throws IOException, HttpProblem {
        configuration.requireEnabled();
        if (looksLikeUrl(clientId) && !exchange.method().equals("OPTIONS")) {
            // a metadata document client lives at its URL, not in the registry: unknown here, never fetched
            String description = "a client identified by a metadata document URL cannot be managed here";
            if (bearerToken(exchange.request()).isEmpty()) {
                throw RegistrationException.missingToken(description);
            }
            throw new RegistrationException(RegistrationError.INVALID_TOKEN, description);
        }
        String uri = exchange.baseUrl() + options.basePath() + "/" + clientId;
        switch (exchange.method()) {
            case "OPTIONS" -> {
                log(exchange, HttpServletResponse.SC_NO_CONTENT, Level.DEBUG, clientId, "preflight", null, null);
                exchange.preflight(CLIENT_METHODS);
            }
            case "GET" -> {
                ClientRegistration result = configuration.read(clientId, bearerToken(exchange.request()));
                log(exchange, HttpServletResponse.SC_OK, Level.INFO, clientId, "read", null, null);
                exchange.json(HttpServletResponse.SC_OK, result.toResponseMap(Optional.of(uri)));
            }
            case "PUT" -> {
                Optional<String> token = bearerToken(exchange.request());
                configuration.checkBeforeBody(token);
                Map<String, Object> body = jsonBody(exchange.request());
                ClientRegistration result = configuration.replace(clientId, token, body);
                log(exchange, HttpServletResponse.SC_OK, Level.INFO, clientId, "replaced", null, null);
                exchange.json(HttpServletResponse.SC_OK, result.toResponseMap(Optional.of(uri)));
            }
            case "DELETE" -> {
                configuration.delete(clientId, bearerToken(exchange.request()));
                log(exchange, HttpServletResponse.SC_NO_CONTENT, Level.INFO, clientId, "deleted", null, null);
                exchange.noContent();
            }
            default -> throw HttpProblem.methodNotAllowed(exchange.method(), CLIENT_METHODS);
        }
    }

    private static void refuse(Exchange exchange, String clientId, HttpProblem problem) throws IOException {
        problem.allow().ifPresent(allow -> exchange.response().setHeader("Allow", allow));
        problem.challenge().ifPresent(challenge -> exchange.response().setHeader("WWW-Authenticate", challenge));
        problem.rateLimit().ifPresent(refusal -> {
            exchange.response().setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
            rateLimitHeaders(exchange.response(), refusal);
            // a refused caller's body is not read, not even to keep the connection for its next attempt
            // (refused at the store's write, its body was read, and its connection is not worth keeping)
            exchange.response().setHeader("Connection", "close");
        });
        log(exchange, problem.status(), Level.WARNING, clientId, "refused", problem.error(), problem.description());
        exchange.error(problem.status(), problem.error(), problem.description());
    }

    /** The caller's address for the rate limit: the socket peer, or behind a trusted proxy the forwarded client. */
    private String callerAddress(HttpServletRequest request) {
        return options.clientAddresses().resolve(request.getRemoteAddr(),
                ClientAddressResolver.lines(request.getHeaders("Forwarded")),
                ClientAddressResolver.lines(request.getHeaders("X-Forwarded-For")));
    }

    /**
     * {@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers): the
     * quota {@code q} per window {@code w} seconds, the permits {@code r} left, and {@code t}, the
     * seconds until the next permit when none is left, else until the bucket is full again.
     */
    static void rateLimitHeaders(HttpServletResponse response, RateLimitDecision decision) {
        long window = Math.max(1, decision.limit().window().toSeconds());
        long reset = decision.allowed() ? (decision.resetAfter().toMillis() + 999) / 1000 : decision.retryAfterSeconds();
        response.setHeader("RateLimit-Policy", "\"registration\";q=" + decision.limit().permits() + ";w=" + window);
        response.setHeader("RateLimit", "\"registration\";r=" + decision.remaining() + ";t=" + reset);
    }

    /**
     * Which resource the request names: empty for the collection ({@code {base}}), the client id
     * for {@code {base}/{id}}.
     *
     * @throws HttpProblem 404 for any other path
     */
    private Optional<String> target(HttpServletRequest request) throws HttpProblem {
        String path = Objects.toString(request.getServletPath(), "") + Objects.toString(request.getPathInfo(), "");
        String base = options.basePath();
        if (path.equals(base)) {
            return Optional.empty();
        }
        if (path.startsWith(base + "/")) {
            String rest = path.substring(base.length() + 1);
            if (!rest.isEmpty() && (rest.indexOf('/') < 0 || looksLikeUrl(rest))) {
                return Optional.of(rest);
            }
        }
        throw HttpProblem.notFound("no such resource");
    }

    /** {@code http:}/{@code https:} in any case; a container may have merged the {@code //} already. */
    private static boolean looksLikeUrl(String id) {
        return id.regionMatches(true, 0, "https:", 0, 6) || id.regionMatches(true, 0, "http:", 0, 5);
    }

    private String clientIdOrNull(HttpServletRequest request) {
        try {
            return target(request).orElse(null);
        } catch (HttpProblem e) {
            return null;
        }
    }

    /**
     * The bearer token of the {@code Authorization} header (RFC 6750 §2.1): scheme matched
     * case-insensitively, surrounding spaces trimmed. Another scheme counts as no token.
     *
     * @throws HttpProblem 400 when the header appears more than once
     */
    static Optional<String> bearerToken(HttpServletRequest request) throws HttpProblem {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() > 1) {
            throw HttpProblem.invalidRequest(400, "more than one Authorization header");
        }
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        String value = headers.get(0).trim();
        if (value.length() >= 6 && value.regionMatches(true, 0, "Bearer", 0, 6)
                && (value.length() == 6 || value.charAt(6) == ' ')) {
            return Optional.of(value.substring(6).trim());
        }
        return Optional.empty();
    }

    /**
     * Reads and parses a JSON object body: media type first, then the byte cap (a declared
     * length over it is refused before reading; otherwise bytes are counted as they arrive).
     */
    private Map<String, Object> jsonBody(HttpServletRequest request) throws IOException, HttpProblem {
        if (!isJson(request.getContentType())) {
            throw HttpProblem.invalidRequest(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "the request body must be application/json");
        }
        int max = options.maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        // a declared length sizes the buffer exactly; a chunked body is read up to one byte past the cap.
        // The stream stays open: the answer reads what a refused body left (RequestBodies).
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes(declared >= 0 ? (int) declared : max + 1);
        if (body.length > max) {
            throw tooLarge(max);
        }
        try {
            return JsonCodec.parseObject(body);
        } catch (JsonCodec.MalformedJsonException e) {
            throw new HttpProblem(HttpServletResponse.SC_BAD_REQUEST, "invalid_client_metadata", e.getMessage());
        }
    }

    private static HttpProblem tooLarge(int max) {
        return HttpProblem.invalidRequest(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than " + max + " bytes");
    }

    /** {@code application/json}, any case, with optional parameters; a charset, if named, must be UTF-8. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Logged before the answer is written, so the line exists once the client has its answer. */
    private static void log(Exchange exchange, int status, Level level, String clientId, String outcome,
            String error, String reason) {
        LOG.log(level, () -> logLine(exchange, status, clientId, outcome, error, reason));
    }

    static String logLine(Exchange exchange, int status, String clientId, String outcome, String error,
            String reason) {
        HttpServletRequest request = exchange.request();
        StringBuilder line = new StringBuilder("client registration: outcome=").append(outcome)
                .append(" status=").append(status)
                .append(" method=").append(LogValues.quoted(request.getMethod()))
                .append(" client_id=").append(LogValues.quoted(clientId))
                .append(" remote=").append(LogValues.quoted(request.getRemoteAddr()));
        if (error != null) {
            line.append(" error=").append(LogValues.quoted(error));
        }
        if (reason != null) {
            line.append(" reason=").append(LogValues.quoted(reason));
        }
        return line.toString();
    }
}
