package dev.mcpoauth.core.cimd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SpecialPurposeAddresses: only global unicast addresses may be fetched from")
class SpecialPurposeAddressesTest {

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
        // IPv4 special-purpose registry, first and last address of each range
        "0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255",
        "127.0.0.1", "127.255.255.254", "169.254.0.1", "169.254.169.254", "172.16.0.0", "172.31.255.255",
        "192.0.0.0", "192.0.0.9", "192.0.0.170", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1",
        "192.168.0.1", "192.168.255.255", "192.175.48.1", "198.18.0.0", "198.19.255.255", "198.51.100.7",
        "203.0.113.9", "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255",
        // IPv6 special-purpose registry and everything outside 2000::/3
        "::", "::1", "::127.0.0.1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
        "64:ff9b:1::1", "100::1", "100:0:0:1::1", "2001::1:2:3", "2001:2::1", "2001:10::1", "2001:20::1",
        "2001:db8::1", "2001:db8:ffff::1", "2002:7f00:1::1", "2002:a00:1::1", "2002:c0a8:101::1",
        "2620:4f:8000::1", "3fff::1", "3fff:fff::1", "5f00::1", "fc00::1", "fd00:1234::1", "fe80::1", "febf::1",
        "fec0::1", "ff02::1", "ff0e::1",
        // Teredo with a private server, or a client that is loopback once un-inverted
        "2001:0:a00:1::1", "2001:0:5db8:d70e:0:fbff:80ff:fffe"})
    void specialPurposeAddressesAreRefused(String literal) {
        assertThat(SpecialPurposeAddresses.isGlobalUnicast(address(literal))).isFalse();
    }

    @ParameterizedTest(name = "{0} is global unicast")
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.215.14", "9.255.255.255", "11.0.0.0", "100.63.255.255",
        "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.169.0.0", "198.17.255.255", "198.20.0.0",
        "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "2001:4860:4860::8888",
        "2001:200::1", "64:ff9b::808:808", "::ffff:8.8.8.8", "2002:808:808::1", "3ffe::1", "2620:4f:8001::1",
        "2001:0:5db8:d70e:0:fbff:f7f7:f7f7"})
    void globalAddressesAreAllowed(String literal) {
        assertThat(SpecialPurposeAddresses.isGlobalUnicast(address(literal))).isTrue();
    }

    @ParameterizedTest(name = "{0} is loopback")
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1"})
    void loopbackIsRecognised(String literal) {
        assertThat(SpecialPurposeAddresses.isLoopback(address(literal))).isTrue();
    }

    @ParameterizedTest(name = "{0} is not loopback")
    @ValueSource(strings = {"10.0.0.1", "::", "::2", "8.8.8.8", "fe80::1"})
    void othersAreNotLoopback(String literal) {
        assertThat(SpecialPurposeAddresses.isLoopback(address(literal))).isFalse();
    }
}
