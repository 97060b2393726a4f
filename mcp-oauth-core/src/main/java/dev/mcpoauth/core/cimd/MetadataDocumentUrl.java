package dev.mcpoauth.core.cimd;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code client_id} that names a Client ID Metadata Document: the rules of DESIGN §9 and
 * draft-ietf-oauth-client-id-metadata-document §3. Immutable; build one with {@link #parse}.
 *
 * <p>Accepted: {@code https} spelled in lower case; a host that is a DNS name of at least two
 * labels (no IP literal in any encoding: decimal, octal, hexadecimal, dotted or not,
 * bracketed IPv6); an optional port; a path other than empty or {@code /}, without dot
 * segments (also percent-encoded) or backslashes; at most {@value #MAX_LENGTH} characters of
 * printable ASCII. Refused: userinfo, a query, a fragment. The id is compared as a plain
 * string, so {@code https://example.com:443/c} and {@code https://example.com/c} are
 * different clients.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/">draft-ietf-oauth-client-id-metadata-document</a>
 */
public final class MetadataDocumentUrl {

    /** Longest accepted URL, in characters. */
    public static final int MAX_LENGTH = 2048;

    private static final String PREFIX = "https://";

    private final String value;
    private final String host;
    private final int port;
    private final String path;

    private MetadataDocumentUrl(String value, String host, int port, String path) {
        this.value = value;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /**
     * True when {@code clientId} is meant as a URL (it starts with {@code https://} or
     * {@code http://}, in any case): such ids go to metadata document resolution, never to the
     * registry. Identifiers this library issues never start that way.
     */
    public static boolean looksLikeUrl(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return clientId.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || clientId.regionMatches(true, 0, "http://", 0, 7);
    }

    /**
     * The URL, or empty when {@code clientId} breaks a rule; {@link #problem} says which.
     */
    public static Optional<MetadataDocumentUrl> parse(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return problem(clientId).isPresent() ? Optional.empty() : Optional.of(build(clientId));
    }

    /**
     * The rule {@code clientId} breaks, safe to log (it does not echo the value), or empty when
     * it is a valid metadata document URL.
     */
    public static Optional<String> problem(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.length() > MAX_LENGTH) {
            return Optional.of("longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("contains white space, a control character or a non-ASCII character");
            }
        }
        if (!clientId.startsWith(PREFIX)) {
            return Optional.of("does not start with \"https://\" in lower case");
        }
        if (clientId.indexOf('#') >= 0) {
            return Optional.of("has a fragment");
        }
        if (clientId.indexOf('?') >= 0) {
            return Optional.of("has a query");
        }
        if (clientId.indexOf('\\') >= 0) {
            return Optional.of("contains a backslash");
        }
        int pathStart = clientId.indexOf('/', PREFIX.length());
        String authority = pathStart < 0 ? clientId.substring(PREFIX.length())
                : clientId.substring(PREFIX.length(), pathStart);
        if (authority.indexOf('@') >= 0) {
            return Optional.of("has user information");
        }
        Optional<String> authorityProblem = authorityProblem(authority);
        if (authorityProblem.isPresent()) {
            return authorityProblem;
        }
        if (pathStart < 0 || pathStart == clientId.length() - 1) {
            return Optional.of("has no path; the document must be at a path other than \"/\"");
        }
        return pathProblem(clientId.substring(pathStart));
    }

    private static Optional<String> authorityProblem(String authority) {
        if (authority.startsWith("[")) {
            return Optional.of("names an IP address, not a DNS name");
        }
        String host = authority;
        int colon = authority.indexOf(':');
        if (colon >= 0) {
            host = authority.substring(0, colon);
            String port = authority.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65_535) {
                return Optional.of("has an invalid port");
            }
        }
        if (host.isEmpty()) {
            return Optional.of("has no host");
        }
        if (host.length() > 253) {
            return Optional.of("has a host name longer than 253 characters");
        }
        String[] labels = host.split("\\.", -1);
        if (looksNumeric(labels[labels.length - 1])) {
            // WHATWG URL parsers read a numeric last label as IPv4 (2130706433, 0177.1, 0x7f.1)
            return Optional.of("names an IP address, not a DNS name");
        }
        if (labels.length < 2) {
            return Optional.of("has a host that is not a fully qualified DNS name");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("has a host that is not a valid DNS name");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return Optional.of("has a host that is not a valid DNS name");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean looksNumeric(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            return lower.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return lower.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Optional<String> pathProblem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return Optional.of("has an invalid percent-encoding");
                }
            } else if (!isPathCharacter(c)) {
                return Optional.of("has a character not allowed in a URL path");
            }
        }
        for (String segment : path.substring(1).split("/", -1)) {
            String decoded = segment.replaceAll("(?i)%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return Optional.of("has a dot segment in its path");
            }
        }
        return Optional.empty();
    }

    /** RFC 3986 pchar and "/", except '%' which is checked separately. */
    private static boolean isPathCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }

    private static MetadataDocumentUrl build(String value) {
        int pathStart = value.indexOf('/', PREFIX.length());
        String authority = value.substring(PREFIX.length(), pathStart);
        int colon = authority.indexOf(':');
        String host = (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
        int port = colon < 0 ? 443 : Integer.parseInt(authority.substring(colon + 1));
        return new MetadataDocumentUrl(value, host, port, value.substring(pathStart));
    }

    /** The URL exactly as the client presented it: the client id. */
    public String value() {
        return value;
    }

    /** The host, lower case. */
    public String host() {
        return host;
    }

    /** The port, {@code 443} when the URL names none. */
    public int port() {
        return port;
    }

    /** The path, starting with {@code /}. */
    public String path() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataDocumentUrl other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
