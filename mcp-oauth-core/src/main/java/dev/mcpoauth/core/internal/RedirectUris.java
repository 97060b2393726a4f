package dev.mcpoauth.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Classification of redirect and metadata URIs: loopback hosts, dangerous schemes. */
public final class RedirectUris {

    /** Schemes never allowed as redirect URIs, whatever the policy (RFC 9700 §4.1, RFC 8252 §7.1). */
    public static final Set<String> FORBIDDEN_SCHEMES =
            Set.of("javascript", "data", "vbscript", "file", "about", "blob", "ftp", "ws", "wss");

    /**
     * Registered schemes that name a service of the platform (mail, telephone, messages, maps, an
     * app store, Android intents, other network protocols), not an application's own callback: an
     * authorization response sent there goes to whatever handles the scheme. They are refused as
     * private-use redirect URIs (RFC 8252 §7.1), whatever the policy, in the host-bearing form
     * ({@code intent://…}) as in any other.
     */
    public static final Set<String> NON_REDIRECT_SCHEMES = Set.of(
            "mailto", "tel", "telprompt", "callto", "sms", "smsto", "mms", "mmsto", "facetime", "facetime-audio",
            "sip", "sips", "im", "xmpp", "irc", "ircs", "geo", "maps", "intent", "android-app", "market",
            "itms", "itms-apps", "itms-appss", "content", "webcal", "feed", "news", "nntp", "snews", "telnet",
            "ssh", "sftp", "tftp", "ldap", "ldaps", "smb", "nfs", "rtsp", "rtmp", "magnet", "urn", "cid", "mid",
            "tag", "view-source", "jar");

    private RedirectUris() {
    }

    /** Parses an absolute URI, or empty when it is not one. */
    public static Optional<URI> parseAbsolute(String value) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the authority carries user information, including in a registry-based authority
     * ({@code cursor://user@some_host/}) where {@link URI#getRawUserInfo()} is null.
     */
    public static boolean hasUserInfo(URI uri) {
        String authority = uri.getRawAuthority();
        return uri.getRawUserInfo() != null || (authority != null && authority.indexOf('@') >= 0);
    }

    public static String scheme(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /**
     * True for {@code localhost}, {@code 127.0.0.1} and the IPv6 loopback in any spelling
     * ({@code [::1]}, {@code [0:0:0:0:0:0:0:1]}); not for {@code 127.0.0.2} or look-alike names.
     */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1")) {
            return true;
        }
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            return isIpv6Loopback(host.substring(1, host.length() - 1));
        }
        return false;
    }

    private static boolean isIpv6Loopback(String literal) {
        if (literal.indexOf('%') >= 0 || literal.indexOf('.') >= 0) {
            return false;
        }
        String[] halves = literal.split("::", -1);
        if (halves.length > 2) {
            return false;
        }
        int[] groups = new int[8];
        int count;
        if (halves.length == 1) {
            count = parseGroups(halves[0], groups, 0);
            if (count != 8) {
                return false;
            }
        } else {
            int[] head = new int[8];
            int[] tail = new int[8];
            int h = parseGroups(halves[0], head, 0);
            int t = parseGroups(halves[1], tail, 0);
            if (h < 0 || t < 0 || h + t > 7) {
                return false;
            }
            System.arraycopy(head, 0, groups, 0, h);
            System.arraycopy(tail, 0, groups, 8 - t, t);
            count = 8;
        }
        if (count != 8) {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[7] == 1;
    }

    private static int parseGroups(String part, int[] into, int start) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        if (groups.length > 8) {
            return -1;
        }
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty() || g.length() > 4) {
                return -1;
            }
            int value = 0;
            for (int j = 0; j < g.length(); j++) {
                int digit = Character.digit(g.charAt(j), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value * 16 + digit;
            }
            into[start + i] = value;
        }
        return groups.length;
    }

    /** True for {@code http} (or {@code https}) to a loopback host. */
    public static boolean isLoopback(URI uri) {
        String scheme = scheme(uri);
        return (scheme.equals("http") || scheme.equals("https")) && isLoopbackHost(uri.getHost());
    }

    /**
     * True when the URI has the shape of a private-use redirect URI (RFC 8252 §7.1): its scheme is
     * a reverse domain name ({@code com.example.app:/callback}, a {@code .} in the scheme), or it
     * names an authority after {@code //} ({@code cursor://anysphere.cursor-retrieval/callback}).
     * An opaque URI with a dot-less scheme ({@code mailto:a@example.com}, {@code geo:0,0}) is not one.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7.1">RFC 8252 §7.1</a>
     */
    public static boolean hasPrivateUseShape(URI uri) {
        String authority = uri.getRawAuthority();
        return scheme(uri).indexOf('.') >= 0 || (authority != null && !authority.isEmpty());
    }

    /** True when the scheme is neither http(s) nor forbidden: a candidate private-use scheme. */
    public static boolean isPrivateUseScheme(String lowerScheme) {
        return !lowerScheme.equals("http") && !lowerScheme.equals("https") && !FORBIDDEN_SCHEMES.contains(lowerScheme);
    }
}
