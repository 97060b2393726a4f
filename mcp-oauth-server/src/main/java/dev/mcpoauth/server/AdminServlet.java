package dev.mcpoauth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.core.registration.ClientReaper;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.ClientSort;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API (DESIGN §12), mounted at {@value #PATH} only when {@code admin.tokens} is set:
 *
 * <pre>
 *   GET    /admin/clients?client_name_prefix=&amp;software_id=&amp;created_from=&amp;created_before=
 *                        &amp;last_active_from=&amp;last_active_before=&amp;sort=created|last_activity
 *                        &amp;order=asc|desc&amp;limit=&amp;cursor=
 *   GET    /admin/clients/{id}
 *   DELETE /admin/clients/{id}
 *   GET    /admin/stats
 *   POST   /admin/reap?unused-for=90d
 * </pre>
 *
 * <p>Every request must carry {@code Authorization: Bearer <admin token>}; the token is checked
 * before the path, so a wrong or missing token gets the same {@code 401} on every path, existing
 * or not. Tokens are compared in constant time, through their SHA-256 digests so that their
 * lengths do not show either. No response carries a secret, token or hash.
 */
final class AdminServlet extends HttpServlet {

    static final String PATH = "/admin";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
    private static final String BEARER = "bearer ";

    private final transient ClientAdministration administration;
    private final transient List<byte[]> tokenDigests;
    private final transient ObjectMapper json = new ObjectMapper();
    private final int maxBodyBytes;

    AdminServlet(ClientAdministration administration, List<String> tokens, int maxBodyBytes) {
        this.administration = administration;
        this.maxBodyBytes = maxBodyBytes;
        List<byte[]> digests = new ArrayList<>();
        for (String token : tokens) {
            digests.add(sha256(token));
        }
        this.tokenDigests = List.copyOf(digests);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<String> presented = bearerToken(request);
        if (presented.isEmpty() || !authorized(presented.get())) {
            response.setHeader("WWW-Authenticate", presented.isEmpty()
                    ? "Bearer realm=\"mcp-oauth-admin\""
                    : "Bearer realm=\"mcp-oauth-admin\", error=\"invalid_token\"");
            error(request, response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_token", "a valid admin token is required");
            return;
        }
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        String method = request.getMethod();
        try {
            if (path.equals("/clients")) {
                if (allow(request, response, "GET")) {
                    list(request, response);
                }
            } else if (path.startsWith("/clients/") && path.length() > "/clients/".length()
                    && path.indexOf('/', "/clients/".length()) < 0) {
                String id = path.substring("/clients/".length());
                if (allow(request, response, "GET", "DELETE")) {
                    if (method.equals("GET")) {
                        show(id, request, response);
                    } else {
                        delete(id, request, response);
                    }
                }
            } else if (path.equals("/stats")) {
                if (allow(request, response, "GET")) {
                    write(request, response, HttpServletResponse.SC_OK, administration.stats());
                }
            } else if (path.equals("/reap")) {
                if (allow(request, response, "POST")) {
                    reap(request, response);
                }
            } else {
                error(request, response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such admin resource");
            }
        } catch (IllegalArgumentException e) {
            error(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request", e.getMessage());
        } catch (ClientRegistryUnavailableException e) {
            LOG.warn("admin {} {}: store unavailable: {}", method, path.replaceAll("[^\\w/.-]", "_"), e.getMessage());
            response.setHeader("Retry-After", "5");
            error(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "the client registry is unavailable");
        } catch (ClientRegistryException e) {
            LOG.error("admin {} {}: store failed: {}", method, path.replaceAll("[^\\w/.-]", "_"), e.getMessage());
            error(request, response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "server_error", "the client registry failed");
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientPage page = administration.list(query(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clients", page.clients().stream().map(ClientViews::of).toList());
        page.nextCursor().ifPresent(cursor -> body.put("next_cursor", cursor));
        write(request, response, HttpServletResponse.SC_OK, body);
    }

    /** The listing query from the request's parameters; unknown parameters are refused, not ignored. */
    static ClientQuery query(HttpServletRequest request) {
        for (Enumeration<String> names = request.getParameterNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            if (!List.of("client_name_prefix", "software_id", "created_from", "created_before", "last_active_from",
                    "last_active_before", "sort", "order", "limit", "cursor").contains(name)) {
                throw new IllegalArgumentException("unknown parameter: " + name.replaceAll("[^\\w-]", "_"));
            }
        }
        ClientSort sort = parameter(request, "sort").map(AdminServlet::sort).orElse(ClientSort.CREATED);
        boolean descending = parameter(request, "order").map(AdminServlet::descending).orElse(false);
        ClientQuery.Builder query = ClientQuery.builder()
                .sort(sort, descending)
                .clientNamePrefix(parameter(request, "client_name_prefix"))
                .softwareId(parameter(request, "software_id"))
                .created(instant(request, "created_from"), instant(request, "created_before"))
                .lastActive(instant(request, "last_active_from"), instant(request, "last_active_before"))
                .cursor(parameter(request, "cursor"));
        parameter(request, "limit").ifPresent(limit -> query.limit(integer("limit", limit)));
        return query.build();
    }

    static ClientSort sort(String value) {
        switch (value) {
            case "created":
                return ClientSort.CREATED;
            case "last_activity":
            case "last_used":
                return ClientSort.LAST_ACTIVITY;
            default:
                throw new IllegalArgumentException("sort must be created or last_activity");
        }
    }

    static boolean descending(String value) {
        if (!value.equals("asc") && !value.equals("desc")) {
            throw new IllegalArgumentException("order must be asc or desc");
        }
        return value.equals("desc");
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private static Optional<String> parameter(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.length > 1) {
            throw new IllegalArgumentException(name + " is given more than once");
        }
        return Optional.of(values[0]).filter(v -> !v.isEmpty());
    }

    private static Optional<Instant> instant(HttpServletRequest request, String name) {
        return parameter(request, name).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
            }
        });
    }

    private void show(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Map<String, Object>> client = administration.find(id).map(ClientViews::of);
        if (client.isPresent()) {
            write(request, response, HttpServletResponse.SC_OK, client.get());
        } else {
            error(request, response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such client");
        }
    }

    private void delete(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (administration.delete(id).isPresent()) {
            LOG.info("admin deleted client {}", id.replaceAll("[^\\w.~:/-]", "_"));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            error(request, response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such client");
        }
    }

    private void reap(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String unusedFor = parameter(request, "unused-for")
                .orElseThrow(() -> new IllegalArgumentException("unused-for is required, such as unused-for=90d"));
        Duration age = Durations.parse(unusedFor);
        ClientReaper.Reaping reaped = administration.reap(age);
        LOG.info("admin reaped {} clients unused since {}{}", reaped.count(), reaped.cutoff(),
                reaped.complete() ? "" : ", more left");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reaped", reaped.count());
        body.put("cutoff", reaped.cutoff().toString());
        body.put("complete", reaped.complete());
        write(request, response, HttpServletResponse.SC_OK, body);
    }

    private boolean allow(HttpServletRequest request, HttpServletResponse response, String... allowed)
            throws IOException {
        if (List.of(allowed).contains(request.getMethod())) {
            return true;
        }
        response.setHeader("Allow", String.join(", ", allowed));
        error(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "invalid_request", "method not allowed");
        return false;
    }

    private boolean authorized(String presented) {
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] configured : tokenDigests) {
            match |= MessageDigest.isEqual(configured, digest);
        }
        return match;
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return Optional.empty();
        }
        String header = headers.nextElement().strip();
        if (headers.hasMoreElements() || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Optional.of("");
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int status, Object body)
            throws IOException {
        response.setStatus(status);
        JsonResponses.write(request, response, json.writeValueAsString(body), maxBodyBytes);
    }

    private void error(HttpServletRequest request, HttpServletResponse response, int status, String error,
            String description) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        write(request, response, status, body);
    }
}
