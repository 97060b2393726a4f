package dev.mcpoauth.http.jakarta;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, for the registration rate limit (DESIGN §10): the socket peer, unless the
 * peer is a configured trusted proxy. Then the forwarding header is read right to left, skipping
 * trusted proxies, and the first hop that is not one is the caller. RFC 7239 {@code Forwarded}
 * is read when present, {@code X-Forwarded-For} otherwise; several lines of a header count as
 * one list in order. A header that cannot be read, an {@code unknown} or obfuscated hop, or
 * more than {@value #MAX_HOPS} hops, yields the socket peer: a client can add entries on the
 * left but cannot make the resolver skip the proxy's own.
 *
 * <p>Addresses are parsed without any name lookup. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:203.0.113.7}) count as their IPv4 address; IPv6 addresses are grouped by their
 * /64 prefix ({@code 2001:db8:1:2::/64}), since one subscriber usually holds a whole /64.
 * Immutable and thread-safe.
 */
public final class ClientAddressResolver {

    /** More forwarding hops than this are not believed. */
    static final int MAX_HOPS = 20;

    private final List<Cidr> trustedProxies;

    private ClientAddressResolver(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * A resolver trusting the proxies in {@code cidrs}: {@code 10.0.0.0/8}, {@code 127.0.0.1/32},
     * {@code fd00::/8}, or a bare address for one host. Empty: forwarding headers are ignored.
     *
     * @throws IllegalArgumentException for an entry that is not an IP literal with an optional prefix length
     */
    public static ClientAddressResolver trusting(Collection<String> cidrs) {
        List<Cidr> parsed = new ArrayList<>();
        for (String cidr : cidrs) {
            parsed.add(Cidr.parse(Objects.requireNonNull(cidr, "cidr")));
        }
        return new ClientAddressResolver(parsed);
    }

    /** The trusted proxies in their normal form ({@code 10.0.0.0/8}). */
    public List<String> trustedProxies() {
        return trustedProxies.stream().map(Cidr::toString).toList();
    }

    /**
     * The caller's key address.
     *
     * @param socketPeer the peer address as the container reports it ({@code getRemoteAddr()})
     * @param forwarded the {@code Forwarded} header lines, in order; empty when absent
     * @param xForwardedFor the {@code X-Forwarded-For} header lines, in order; empty when absent
     * @return an IPv4 address, an IPv6 /64 such as {@code 2001:db8:1:2::/64}, or, when even the
     *     socket peer is not an IP literal (a Unix socket), the peer text as given
     */
    public String resolve(String socketPeer, List<String> forwarded, List<String> xForwardedFor) {
        Optional<InetAddress> peer = parse(socketPeer);
        if (peer.isEmpty()) {
            return Objects.toString(socketPeer, "unknown");
        }
        if (!trusted(peer.get())) {
            return key(peer.get());
        }
        Optional<List<String>> hops = !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        if (hops.isEmpty() || hops.get().size() > MAX_HOPS) {
            return key(peer.get());
        }
        InetAddress caller = peer.get();
        List<String> list = hops.get();
        for (int i = list.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = parse(list.get(i));
            if (hop.isEmpty()) {
                return key(peer.get());
            }
            caller = hop.get();
            if (!trusted(caller)) {
                break;
            }
        }
        return key(caller);
    }

    private boolean trusted(InetAddress address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The comma-separated entries of every line, trimmed; empty when there is none or one is empty. */
    private static Optional<List<String>> split(List<String> lines) {
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            for (String entry : line.split(",", -1)) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    return Optional.empty();
                }
                entries.add(trimmed);
            }
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries);
    }

    /** The {@code for=} value of each RFC 7239 element; empty when an element has none or cannot be read. */
    private static Optional<List<String>> forwardedFor(List<String> lines) {
        Optional<List<String>> elements = split(lines);
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        List<String> hops = new ArrayList<>();
        for (String element : elements.get()) {
            String found = null;
            for (String pair : element.split(";", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    return Optional.empty();
                }
                if (pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    found = value;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            hops.add(found);
        }
        return Optional.of(hops);
    }

    /**
     * An IP literal, without any name lookup: IPv4 dotted quad or IPv6, optionally in brackets,
     * optionally with a port ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}); no zone id.
     */
    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String host = text.trim();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !(close == host.length() - 1 || isPort(host.substring(close + 1)))) {
                return Optional.empty();
            }
            host = host.substring(1, close);
            return host.indexOf(':') >= 0 ? ipv6(host) : Optional.empty();
        }
        if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':') && host.indexOf('.') > 0) {
            int colon = host.indexOf(':');
            if (!isPort(host.substring(colon))) {
                return Optional.empty();
            }
            host = host.substring(0, colon);
        }
        return host.indexOf(':') >= 0 ? ipv6(host) : ipv4(host);
    }

    private static boolean isPort(String colonAndPort) {
        return colonAndPort.length() >= 2 && colonAndPort.length() <= 6 && colonAndPort.charAt(0) == ':'
                && colonAndPort.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Optional<InetAddress> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return byAddress(bytes);
    }

    private static Optional<InetAddress> ipv6(String text) {
        // only hex digits, colons and the dots of an embedded IPv4: InetAddress then parses a literal and never looks up a name
        if (text.length() > 45 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** IPv4 as is (IPv4-mapped IPv6 arrives as IPv4 from InetAddress); IPv6 as its /64. */
    static String key(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        if (isMappedIpv4(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static boolean isMappedIpv4(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    @Override
    public String toString() {
        return "ClientAddressResolver{trustedProxies=" + trustedProxies() + "}";
    }

    /** An address block: network bytes and prefix length. IPv4-mapped IPv6 blocks are kept as IPv4. */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
            // no brackets and no port: an IPv6 literal has at least two colons, so one colon is IPv4 with a port
            boolean plain = !host.startsWith("[") && (host.indexOf(':') < 0 || host.indexOf(':') != host.lastIndexOf(':'));
            InetAddress address = ClientAddressResolver.parse(host).filter(a -> plain)
                    .orElseThrow(() -> new IllegalArgumentException("not an address or CIDR block: " + text));
            byte[] bytes = address.getAddress();
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                String length = trimmed.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("not a CIDR prefix length: " + text);
                }
                prefix = Integer.parseInt(length);
                if (!(address instanceof Inet6Address) && host.indexOf(':') >= 0) {
                    // ::ffff:10.0.0.0/104 came back as IPv4: shift the prefix to IPv4's 32 bits
                    prefix -= 96;
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("CIDR prefix length out of range: " + text);
                }
            }
            return new Cidr(mask(bytes, prefix), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            return candidate.length == network.length
                    && java.util.Arrays.equals(mask(candidate, prefix), network);
        }

        private static byte[] mask(byte[] bytes, int prefix) {
            byte[] masked = bytes.clone();
            for (int i = 0; i < masked.length; i++) {
                int bits = Math.max(0, Math.min(8, prefix - i * 8));
                masked[i] = (byte) (masked[i] & (0xff << (8 - bits)));
            }
            return masked;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress().toLowerCase(Locale.ROOT) + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr other && prefix == other.prefix && java.util.Arrays.equals(network, other.network);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(network) + prefix;
        }
    }

    /** The lines of a request header, in order; empty when absent. */
    static List<String> lines(java.util.Enumeration<String> headers) {
        return headers == null ? List.of() : Collections.list(headers);
    }
}
