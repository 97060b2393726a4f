package dev.mcpoauth.core.cimd;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which metadata document URLs a server is willing to fetch (DESIGN §9). Immutable.
 *
 * <p>{@link #open()} (the default) trusts any public {@code https} host: the MCP "open server"
 * case. Otherwise a URL is trusted when its host is listed ({@code example.com} exactly, or
 * {@code *.example.com} for any name below it, not the name itself), or when it matches a URL
 * pattern, where {@code *} stands for exactly one non-empty path segment
 * (<code>https://chatgpt.com/oauth/&#42;/client.json</code>). A refusal looks like an
 * unknown client to the caller and never reveals the lists.
 */
public final class TrustPolicy {

    private static final TrustPolicy OPEN = new TrustPolicy(Set.of(), List.of());

    private final Set<String> hosts;
    private final List<String> urlPatterns;

    private TrustPolicy(Set<String> hosts, List<String> urlPatterns) {
        this.hosts = hosts;
        this.urlPatterns = urlPatterns;
    }

    /** Trusts every URL (the guard and the document rules still apply). */
    public static TrustPolicy open() {
        return OPEN;
    }

    /**
     * Trusts only the listed hosts and URL patterns; at least one entry is required.
     *
     * @param hosts {@code example.com} or {@code *.example.com}; compared case-insensitively
     * @param urlPatterns valid metadata document URLs in which a path segment may be {@code *}
     * @throws IllegalArgumentException for an empty allowlist or a malformed entry
     */
    public static TrustPolicy allowlist(Set<String> hosts, List<String> urlPatterns) {
        requireArgument(!hosts.isEmpty() || !urlPatterns.isEmpty(),
                "an allowlist needs at least one host or URL pattern; use TrustPolicy.open() to trust any host");
        Set<String> lowerHosts = new LinkedHashSet<>();
        for (String host : hosts) {
            String lower = host.toLowerCase(Locale.ROOT);
            String name = lower.startsWith("*.") ? lower.substring(2) : lower;
            requireArgument(MetadataDocumentUrl.problem("https://" + name + "/x").isEmpty(),
                    "trusted host %s is not a DNS name or a *. wildcard", host);
            lowerHosts.add(lower);
        }
        for (String pattern : urlPatterns) {
            requireArgument(MetadataDocumentUrl.problem(pattern.replace("*", "x")).isEmpty(),
                    "trusted URL pattern %s is not a metadata document URL", pattern);
            for (String segment : pattern.substring(pattern.indexOf('/', 8)).split("/", -1)) {
                requireArgument(!segment.contains("*") || segment.equals("*"),
                        "in trusted URL pattern %s, * must be a whole path segment", pattern);
            }
            requireArgument(!pattern.substring(0, pattern.indexOf('/', 8)).contains("*"),
                    "in trusted URL pattern %s, * may stand only for a path segment; use a *. host instead", pattern);
        }
        return new TrustPolicy(Collections.unmodifiableSet(lowerHosts),
                Collections.unmodifiableList(new ArrayList<>(urlPatterns)));
    }

    /** True when no allowlist is set. */
    public boolean isOpen() {
        return hosts.isEmpty() && urlPatterns.isEmpty();
    }

    /** The trusted hosts, lower case; empty for an open policy. */
    public Set<String> hosts() {
        return hosts;
    }

    /** The trusted URL patterns; empty for an open policy. */
    public List<String> urlPatterns() {
        return urlPatterns;
    }

    /** True when the policy lets this URL be fetched. */
    public boolean trusts(MetadataDocumentUrl url) {
        Objects.requireNonNull(url, "url");
        if (isOpen()) {
            return true;
        }
        String host = url.host();
        for (String allowed : hosts) {
            if (allowed.startsWith("*.")
                    ? host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1
                    : allowed.equals(host)) {
                return true;
            }
        }
        for (String pattern : urlPatterns) {
            if (matches(pattern, url.value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String url) {
        String[] expected = pattern.split("/", -1);
        String[] actual = url.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean segmentMatches = expected[i].equals("*") && i >= 3
                    ? !actual[i].isEmpty()
                    : i == 2 ? expected[i].equalsIgnoreCase(actual[i]) : expected[i].equals(actual[i]);
            if (!segmentMatches) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return isOpen() ? "TrustPolicy{open}" : "TrustPolicy{" + hosts.size() + " hosts, " + urlPatterns.size() + " URL patterns}";
    }
}
