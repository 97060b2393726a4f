package dev.mcpoauth.core.cimd;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Which resolved addresses a metadata document may be fetched from: global unicast only. Every
 * range of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890, RFC 8190 and
 * later additions) is refused, as are multicast, the reserved 240.0.0.0/4 and every IPv6 address
 * outside 2000::/3. IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible are
 * refused outright; NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo
 * {@code 2001::/32}) are judged by the IPv4 address they embed, so {@code 64:ff9b::7f00:1} is
 * loopback in disguise and refused.
 *
 * @see <a href="https://www.iana.org/assignments/iana-ipv4-special-registry/">IANA IPv4 Special-Purpose Address Registry</a>
 * @see <a href="https://www.iana.org/assignments/iana-ipv6-special-registry/">IANA IPv6 Special-Purpose Address Registry</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6890">RFC 6890</a>
 */
public final class SpecialPurposeAddresses {

    /** IPv4 prefixes as {address, length}; none of them is global unicast. */
    private static final int[][] IPV4_REFUSED = {
        {ipv4(0, 0, 0, 0), 8},          // "this network" (RFC 791)
        {ipv4(10, 0, 0, 0), 8},         // private (RFC 1918)
        {ipv4(100, 64, 0, 0), 10},      // shared address space (RFC 6598)
        {ipv4(127, 0, 0, 0), 8},        // loopback (RFC 1122)
        {ipv4(169, 254, 0, 0), 16},     // link local (RFC 3927)
        {ipv4(172, 16, 0, 0), 12},      // private (RFC 1918)
        {ipv4(192, 0, 0, 0), 24},       // IETF protocol assignments (RFC 6890)
        {ipv4(192, 0, 2, 0), 24},       // documentation TEST-NET-1 (RFC 5737)
        {ipv4(192, 31, 196, 0), 24},    // AS112-v4 (RFC 7535)
        {ipv4(192, 52, 193, 0), 24},    // AMT (RFC 7450)
        {ipv4(192, 88, 99, 0), 24},     // deprecated 6to4 relay anycast (RFC 7526)
        {ipv4(192, 168, 0, 0), 16},     // private (RFC 1918)
        {ipv4(192, 175, 48, 0), 24},    // direct delegation AS112 (RFC 7534)
        {ipv4(198, 18, 0, 0), 15},      // benchmarking (RFC 2544)
        {ipv4(198, 51, 100, 0), 24},    // documentation TEST-NET-2 (RFC 5737)
        {ipv4(203, 0, 113, 0), 24},     // documentation TEST-NET-3 (RFC 5737)
        {ipv4(224, 0, 0, 0), 4},        // multicast (RFC 5771)
        {ipv4(240, 0, 0, 0), 4},        // reserved, and 255.255.255.255 limited broadcast (RFC 1112, RFC 919)
    };

    private SpecialPurposeAddresses() {
    }

    /**
     * True when a connection to {@code address} reaches the public Internet: not loopback,
     * private, link-local, shared, documentation, benchmarking, multicast, reserved or any other
     * special-purpose range, directly or through an embedded IPv4 address.
     */
    public static boolean isGlobalUnicast(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isGlobalIpv4(toInt(bytes, 0));
        }
        if (address instanceof Inet6Address) {
            return isGlobalIpv6(bytes);
        }
        return false;
    }

    /**
     * True for the loopback addresses {@code 127.0.0.0/8} and {@code ::1}: what the
     * development-only setting lets through, and nothing else.
     */
    public static boolean isLoopback(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return (bytes[0] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    private static boolean isGlobalIpv4(int address) {
        for (int[] prefix : IPV4_REFUSED) {
            if (inPrefix(address, prefix[0], prefix[1])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isGlobalIpv6(byte[] b) {
        int word0 = toInt(b, 0);
        int word1 = toInt(b, 4);
        int word2 = toInt(b, 8);
        int word3 = toInt(b, 12);
        if (word0 == 0 && word1 == 0 && word2 == 0xffff) {
            return isGlobalIpv4(word3);                 // IPv4-mapped ::ffff:0:0/96 (RFC 4291)
        }
        if (word0 == 0x0064ff9b && word1 == 0 && word2 == 0) {
            return isGlobalIpv4(word3);                 // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
        }
        if ((word0 >>> 16) == 0x2002) {
            return isGlobalIpv4((word0 << 16) | (word1 >>> 16)); // 6to4 2002::/16 (RFC 3056)
        }
        if (word0 == 0x20010000) {
            // Teredo 2001::/32 (RFC 4380): the server's IPv4, and the client's, stored inverted
            return isGlobalIpv4(word1) && isGlobalIpv4(~word3);
        }
        if ((word0 >>> 29) != 0b001) {
            return false;                               // outside 2000::/3: ::/8 (loopback, unspecified,
                                                        // IPv4-compatible), 64:ff9b:1::/48, 100::/64,
                                                        // 5f00::/16, fc00::/7, fe80::/10, ff00::/8 ...
        }
        if ((word0 >>> 9) == (0x20010000 >>> 9)) {
            return false;                               // IETF protocol assignments 2001::/23 (RFC 2928)
        }
        if (word0 == 0x20010db8) {
            return false;                               // documentation 2001:db8::/32 (RFC 3849)
        }
        if (word0 == 0x2620004f && (word1 >>> 16) == 0x8000) {
            return false;                               // AS112-v6 2620:4f:8000::/48 (RFC 7534)
        }
        if ((word0 >>> 12) == 0x3fff0) {
            return false;                               // documentation 3fff::/20 (RFC 9637)
        }
        return true;
    }

    private static boolean inPrefix(int address, int prefix, int length) {
        int mask = length == 0 ? 0 : -1 << (32 - length);
        return (address & mask) == (prefix & mask);
    }

    private static int ipv4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static int toInt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16)
                | ((b[offset + 2] & 0xff) << 8) | (b[offset + 3] & 0xff);
    }
}
