package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ClientAddressResolver")
class ClientAddressResolverTest {

    static final ClientAddressResolver NO_PROXIES = ClientAddressResolver.trusting(List.of());
    static final ClientAddressResolver BEHIND_PROXIES = ClientAddressResolver.trusting(
            List.of("127.0.0.1/32", "10.0.0.0/8", "fd00::/8"));

    /** Header lines separated by '|' in the table; '-' for no header. */
    static List<String> lines(String cell) {
        return cell == null || cell.equals("-") ? List.of() : Arrays.asList(cell.split("\\|", -1));
    }

    @ParameterizedTest(name = "[{index}] peer {0}, Forwarded {1}, X-Forwarded-For {2} => {3}")
    @DisplayName("with no proxies configured, forwarding headers are ignored")
    @CsvSource(delimiterString = "; ", value = {
        "203.0.113.7; -; 198.51.100.1; 203.0.113.7",
        "127.0.0.1; for=198.51.100.1; 198.51.100.2; 127.0.0.1",
        "10.1.2.3; -; 198.51.100.1, 10.0.0.1; 10.1.2.3",
    })
    void noProxies(String peer, String forwarded, String xff, String expected) {
        assertThat(NO_PROXIES.resolve(peer, lines(forwarded), lines(xff))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] peer {0}, Forwarded {1}, X-Forwarded-For {2} => {3}")
    @DisplayName("behind trusted proxies, the first untrusted hop from the right is the caller")
    @CsvSource(delimiterString = "; ", value = {
        // a trusted proxy: the first untrusted hop from the right
        "127.0.0.1; -; 198.51.100.1; 198.51.100.1",
        "127.0.0.1; -; 198.51.100.1, 10.0.0.5; 198.51.100.1",
        "127.0.0.1; -; 198.51.100.1, 10.0.0.5, 10.9.9.9; 198.51.100.1",
        // spoofed left-most entries are ignored
        "127.0.0.1; -; 1.2.3.4, 5.6.7.8, 198.51.100.1; 198.51.100.1",
        "127.0.0.1; -; 1.2.3.4, 198.51.100.1, 10.0.0.5; 198.51.100.1",
        // several header lines are one list, in order
        "127.0.0.1; -; 1.2.3.4|198.51.100.9, 10.0.0.5; 198.51.100.9",
        // an untrusted peer is the caller, whatever it forwards
        "203.0.113.7; -; 198.51.100.1; 203.0.113.7",
        // all hops trusted: the left-most
        "127.0.0.1; -; 10.0.0.1, 10.0.0.2; 10.0.0.1",
        // no header at all: the proxy itself
        "127.0.0.1; -; -; 127.0.0.1",
        // RFC 7239 Forwarded, quoted, with ports and other parameters; preferred over X-Forwarded-For
        "127.0.0.1; for=198.51.100.1; -; 198.51.100.1",
        "127.0.0.1; for=1.2.3.4, for=\"198.51.100.1:4711\";proto=https;by=10.0.0.1; 9.9.9.9; 198.51.100.1",
        "127.0.0.1; for=\"[2001:db8:cafe::17]:4711\"; -; 2001:db8:cafe:0::/64",
        "127.0.0.1; For=198.51.100.3;host=example.com, for=10.0.0.7; -; 198.51.100.3",
        // X-Forwarded-For with a port or brackets
        "127.0.0.1; -; 198.51.100.1:4711; 198.51.100.1",
        "127.0.0.1; -; [2001:db8::1]:4711; 2001:db8:0:0::/64",
        // IPv4-mapped IPv6 is keyed like its IPv4
        "127.0.0.1; -; ::ffff:203.0.113.7; 203.0.113.7",
        "::ffff:203.0.113.7; -; -; 203.0.113.7",
        "127.0.0.1; for=\"[::ffff:203.0.113.7]\"; -; 203.0.113.7",
        // a trusted IPv6 proxy, socket peer in brackets as some containers report it
        "[fd00::1]; -; 2001:db8:1:2::99; 2001:db8:1:2::/64",
    })
    void behindTrustedProxies(String peer, String forwarded, String xff, String expected) {
        assertThat(BEHIND_PROXIES.resolve(peer, lines(forwarded), lines(xff))).isEqualTo(expected);
    }

    @Test
    @DisplayName("two addresses in one IPv6 /64 share a key; the next /64 has its own")
    void ipv6GroupedBySlash64() {
        String a = NO_PROXIES.resolve("2001:db8:1:2::1", List.of(), List.of());
        String b = NO_PROXIES.resolve("2001:0db8:0001:0002:ffff:ffff:ffff:fffe", List.of(), List.of());
        String c = NO_PROXIES.resolve("2001:db8:1:3::1", List.of(), List.of());
        assertThat(a).isEqualTo(b).isEqualTo("2001:db8:1:2::/64");
        assertThat(c).isNotEqualTo(a);
    }

    @ParameterizedTest(name = "[{index}] peer {0}, Forwarded {1}, X-Forwarded-For {2} => {3}")
    @DisplayName("malformed forwarding headers yield the socket address")
    @CsvSource(delimiterString = "; ", value = {
        "127.0.0.1; -; not-an-address; 127.0.0.1",
        "127.0.0.1; -; 198.51.100.1, , 10.0.0.5; 127.0.0.1",
        "127.0.0.1; -; 198.51.100.1, example.com; 127.0.0.1",
        "127.0.0.1; -; 256.1.1.1; 127.0.0.1",
        "127.0.0.1; -; 1.2.3; 127.0.0.1",
        "127.0.0.1; -; fe80::1%eth0; 127.0.0.1",
        "127.0.0.1; -; 198.51.100.1:99999999; 127.0.0.1",
        "127.0.0.1; for=unknown; -; 127.0.0.1",
        "127.0.0.1; for=_hidden; -; 127.0.0.1",
        "127.0.0.1; proto=https; -; 127.0.0.1",
        "127.0.0.1; for=198.51.100.1;for=198.51.100.2; -; 127.0.0.1",
        "127.0.0.1; garbage; -; 127.0.0.1",
        "127.0.0.1; for=\"[2001:db8::1; -; 127.0.0.1",
    })
    void malformed(String peer, String forwarded, String xff, String expected) {
        assertThat(BEHIND_PROXIES.resolve(peer, lines(forwarded), lines(xff))).isEqualTo(expected);
    }

    @Test
    @DisplayName("more hops than the bound are not believed")
    void tooManyHops() {
        String hops = String.join(", ", java.util.Collections.nCopies(ClientAddressResolver.MAX_HOPS + 1, "10.0.0.1"));
        assertThat(BEHIND_PROXIES.resolve("127.0.0.1", List.of(), List.of(hops))).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("a socket peer that is no IP literal is used as given")
    void nonIpPeer() {
        assertThat(BEHIND_PROXIES.resolve("unix-socket", List.of(), List.of("198.51.100.1"))).isEqualTo("unix-socket");
    }

    @Test
    @DisplayName("trusted proxies are CIDR blocks or single addresses, in normal form")
    void trustedProxyForms() {
        assertThat(ClientAddressResolver.trusting(List.of("10.1.2.3/8", "192.0.2.1", "2001:DB8::/32", "::1"))
                .trustedProxies()).containsExactly("10.0.0.0/8", "192.0.2.1/32", "2001:db8:0:0:0:0:0:0/32",
                "0:0:0:0:0:0:0:1/128");
        assertThat(ClientAddressResolver.trusting(List.of("::ffff:10.0.0.0/104")).trustedProxies())
                .containsExactly("10.0.0.0/8");
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "example.com", "10.0.0.0/33", "10.0.0.0/", "::/129", "10.0.0.1:80", "[::1]",
        "10.0.0.0/-1", "10.0.0.0/8/8"})
    void refusesWhatIsNotABlock(String cidr) {
        assertThatThrownBy(() -> ClientAddressResolver.trusting(List.of(cidr)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
